package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * The periodic pass: finds drift and advances rollouts that wait on Azure (replication, allocation, draining). The
 * schedule is the DRIFT_SCHEDULE app setting, a six-field NCRONTAB expression evaluated in UTC by default. A pass that
 * fails on Azure (throttled, say) propagates: the host records the invocation as failed and the next tick runs a
 * fresh pass, which is all a retry could do.
 */
public class DriftCheckFunction {
    public static final String DRIFT_CHECK = "driftCheck";

    @FunctionName(DRIFT_CHECK)
    public void driftCheck(@TimerTrigger(name = "timer", schedule = "%DRIFT_SCHEDULE%") String timerInfo,
                           ExecutionContext context) {
        PassLog.write(context.getLogger(), AppContext.services().rolloutEngine().reconcileAll(), "no managed pools");
    }
}

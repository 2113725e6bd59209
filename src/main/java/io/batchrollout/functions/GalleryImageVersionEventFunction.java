package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.batchrollout.core.events.GalleryEvent;
import io.batchrollout.core.rollout.PassReport;
import java.util.logging.Logger;

/**
 * Reacts to Azure Resource Manager events about gallery image versions. The trigger binds the raw JSON of one event so
 * both the Event Grid schema and CloudEvents 1.0 can be read; the host calls this once per event of a delivery.
 *
 * <p>Returning normally acknowledges the event (the host answers Event Grid 2xx); throwing makes the host answer 500
 * and Event Grid redeliver on its schedule for 24 hours. So events this app does not act on, and malformed ones,
 * return normally (a retry of the same bytes cannot help and would storm); a pass that failed on Azure, e.g.
 * {@link io.batchrollout.port.AzureCallException.Throttled} after the pipeline's own retries, propagates so the
 * redelivery runs the pass again later. Duplicates and reordering are harmless: the event only names the definition,
 * and a pass is idempotent, deciding from what Azure holds now.
 */
public class GalleryImageVersionEventFunction {
    public static final String GALLERY_IMAGE_VERSION_EVENT = "galleryImageVersionEvent";

    @FunctionName(GALLERY_IMAGE_VERSION_EVENT)
    public void galleryImageVersionEvent(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        Logger log = context.getLogger();
        GalleryEvent parsed = AppContext.services().galleryEventParser().parse(event);
        if (parsed instanceof GalleryEvent.VersionWritten written) {
            log.info(written.describe() + "; reconciling the pools that track it");
            PassReport report = AppContext.services().rolloutEngine().reconcileTracking(written.version().definition());
            PassLog.write(log, report, "no managed pool tracks " + written.version().definition());
        } else if (parsed instanceof GalleryEvent.Ignored) {
            log.info(parsed.describe());
        } else {
            log.warning(parsed.describe());
        }
    }
}

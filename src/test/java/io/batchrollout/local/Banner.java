package io.batchrollout.local;

import io.batchrollout.sim.SimulatedAzure;
import java.util.List;

/** The start-up text: where everything listens, each function's URL, and commands to try. */
record Banner(LocalRunner runner, Seed seed, List<TimerScheduler.ScheduledFunction> timers, boolean timersRun) {

    void print(Console console) {
        String base = runner.baseUrl();
        String sim = runner.sim().baseUrl();
        StringBuilder text = new StringBuilder()
                .append("\nbatch-image-rollout local runner (imitates the Azure Functions host; test code, never deployed)\n")
                .append("  Functions host   ").append(base).append("  (authLevel FUNCTION is not enforced locally, as with Core Tools)\n")
                .append("  Simulated Azure  ").append(sim).append("  (self-signed certificate: curl -k; bearer token ")
                .append(SimulatedAzure.ACCESS_TOKEN).append(")\n")
                .append("  Seed             ").append(seed.description()).append('\n')
                .append("  Simulated clock  ").append(runner.sim().clock().now()).append(runner.sim().clock().speed() == 0
                        ? " (still; move it with /_sim/advance, or start with SIM_SPEED=60 for a minute a second)"
                        : " (running at " + runner.sim().clock().speed() + "x real time)").append('\n')
                .append("\nFunctions:\n");
        for (FunctionDefinition f : runner.catalog().all()) {
            text.append("  ").append(f.name()).append(": ");
            if (f.trigger() instanceof FunctionDefinition.Http http) {
                text.append(http.methods()).append(' ').append(base).append(ApiRoutes.PREFIX).append('/').append(http.route().text());
            } else if (f.trigger() instanceof FunctionDefinition.EventGrid) {
                text.append("eventGridTrigger  POST ").append(base).append(EventGridWebhook.PATH).append("?functionName=").append(f.name());
            } else if (f.trigger() instanceof FunctionDefinition.Timer) {
                String schedule = timers.stream().filter(t -> t.function().equals(f)).map(t -> t.schedule().expression()).findFirst().orElse("?");
                text.append("timerTrigger '").append(schedule).append("' UTC")
                        .append(timersRun ? ", runs on schedule" : ", not scheduled").append("; run now: POST ")
                        .append(base).append(AdminApi.PREFIX).append(f.name());
            }
            text.append('\n');
        }
        text.append("\nTry:\n")
                .append("  curl -i ").append(base).append("/api/pools\n")
                .append("  curl -i -X POST '").append(base).append(EventGridWebhook.PATH).append("?functionName=galleryImageVersionEvent' \\\n")
                .append("    -H 'aeg-event-type: SubscriptionValidation' -H 'Content-Type: application/json' \\\n")
                .append("    -d '[{\"id\":\"1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"subject\":\"\",")
                .append("\"eventTime\":\"2026-01-05T09:00:00Z\",\"data\":{\"validationCode\":\"512d38b6\"},\"dataVersion\":\"2\"}]'\n")
                .append("  curl -i -X POST ").append(base).append(AdminApi.PREFIX).append("driftCheck -H 'Content-Type: application/json' -d '{\"input\":\"\"}'\n")
                .append("  curl -k -X POST '").append(sim).append("/_sim/advance?seconds=600'\n")
                .append("\nThe simulator's Event Grid delivers to ").append(base).append(EventGridWebhook.PATH)
                .append("?functionName=galleryImageVersionEvent\n")
                .append(runner.settings().notificationTopicEndpoint().map(topic -> "Rollout notifications go to " + topic
                        + " (printed as they arrive; curl -k " + sim + "/_sim/topic-events)\n").orElse("Rollout notifications are off.\n"))
                .append("Ctrl-C stops both servers.\n");
        console.raw(text.toString());
    }
}

package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenLinks.DisabledBy;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Moving a blue-green group's jobs between its two pools, one job and one call per pass: forward to the candidate, back
 * when a rollout aborts, and a candidate adopting the jobs of a pool someone deleted.
 */
final class JobMoves {
    /** Job states in which a job still has to move; completed, terminating or deleting jobs stay where they are. */
    private static final Set<String> MOVABLE = Set.of("active", "disabling", "disabled", "enabling");

    private JobMoves() {
    }

    /**
     * One call per pass for the job being moved (recorded as {@code moving} before its first call, with who disabled
     * it): disable with wait, so running tasks finish where they run; once disabled, point it at the other pool; then
     * enable it, unless it was found disabled: a job an operator or pipeline disabled stays disabled. Which call is next
     * is read from the job's pool and state, so a repeated or crashed pass picks up where the job stands.
     */
    static Step move(Pool owner, RolloutState state, String from, String to, List<BatchJob> onFrom,
                     List<BatchJob> onTo, boolean forward, Supplier<Step> whenNoneLeft) {
        BlueGreenLinks links = state.links();
        if (links.moving().isEmpty()) {
            Optional<BatchJob> next = nextJob(onFrom, Optional.empty());
            return next.isPresent() ? recordLinks(state, links.movingNext(next), "move job " + next.get().id() + " from "
                    + from + " to " + to + foundNote(next.get())) : whenNoneLeft.get();
        }
        String job = links.moving().get();
        boolean appDisables = links.enablesMovingJob();
        Optional<BatchJob> there = find(onFrom, job);
        if (there.isPresent()) {
            return switch (there.get().state()) {
                // The app never enables a job on the pool it leaves: a job selected as found disabled that is active now
                // was enabled by someone since, so it is the app's to disable and enable again (recorded first). A job
                // the app disabled stays the app's even when an operator enables it in between: the flag never flips
                // back to FOUND, whatever state a later pass sees.
                case "active" -> appDisables ? new Step.MoveJob(Step.JobAction.DISABLE, job, there.get().etag(), to,
                        "disable job " + job + " with wait: its running tasks finish on " + from)
                        : recordLinks(state, links.movingDisabledByApp(), "job " + job + " is active on " + from + " ("
                        + (found(links) ? "it was disabled when selected and was enabled since"
                        : "selected by an earlier app version") + "): the app disables it and enables it again on " + to);
                case "disabling", "enabling" -> Step.none("job " + job + " is " + there.get().state() + " on " + from
                        + ": waiting for its running tasks before it moves to " + to);
                case "disabled" -> new Step.MoveJob(Step.JobAction.RETARGET, job, there.get().etag(), to, "job " + job
                        + " is disabled with no running task: move it to " + to
                        + (appDisables ? "" : " and leave it disabled"));
                default -> recordLinks(state, links.movingNext(nextJob(onFrom, Optional.of(job))), "job " + job
                        + " is " + there.get().state() + ": nothing to move");
            };
        }
        Optional<BatchJob> arrived = find(onTo, job);
        if (arrived.isPresent() && arrived.get().state().equals("disabled") && appDisables) {
            return new Step.MoveJob(Step.JobAction.ENABLE, job, arrived.get().etag(), to, "job " + job + " is on " + to + ": enable it");
        }
        if (arrived.isPresent() && arrived.get().state().equals("disabling")) {
            return Step.none("job " + job + " is disabling on " + to + ": waiting");
        }
        Optional<BatchJob> next = nextJob(onFrom, Optional.of(job));
        String then = next.map(n -> "; next " + n.id()).orElse("");
        if (arrived.isEmpty()) {
            return recordLinks(state, links.movingNext(next), "job " + job + " is no longer listed on " + from
                    + " or " + to + then);
        }
        BlueGreenLinks done = forward ? links.moved(job, next) : links.movingNext(next);
        if (arrived.get().state().equals("disabled")) {
            return recordLinks(state, done, "job " + job + " moved to " + to + " and left disabled " + (found(links)
                    ? "as found (disabled before the app selected it)"
                    : "(an earlier app version selected it without recording who disabled it; enable it if it should run)")
                    + then);
        }
        return recordLinks(state, done, "job " + job + " moved to " + to + then);
    }

    private static boolean found(BlueGreenLinks links) {
        return links.movingDisabledBy().filter(by -> by == DisabledBy.FOUND).isPresent();
    }

    static String foundNote(BatchJob job) {
        return DisabledBy.selecting(job) == DisabledBy.FOUND
                ? " (found " + job.state() + ": it moves and stays disabled)" : "";
    }

    private static Step recordLinks(RolloutState state, BlueGreenLinks links, String decision) {
        return Step.record(state.withLinks(links).withDecision(decision));
    }

    static Optional<BatchJob> nextJob(List<BatchJob> jobs, Optional<String> except) {
        return jobs.stream().filter(j -> MOVABLE.contains(j.state()))
                .filter(j -> except.filter(j.id()::equals).isEmpty())
                .min(Comparator.comparing(BatchJob::id));
    }

    private static Optional<BatchJob> find(List<BatchJob> jobs, String id) {
        return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
    }
}

package io.batchrollout.api;

import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.rollout.plan.RolloutPlan;
import io.batchrollout.core.rollout.plan.RolloutPlan.PoolPlan;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plan as GitHub-flavoured Markdown for a pipeline's log: a table per wave (the pools that roll now first), then
 * the pools not rolled, with the same facts as the JSON. Cells never hold a raw '|' or a line break.
 */
public final class RolloutPlanMarkdown {
    public static final String MEDIA_TYPE = "text/markdown; charset=utf-8";
    private static final String HEADER = "| # | pool | account | strategy | current | action | why | ready now | replicas "
            + "needed/present | quota | capacity down |\n|---|---|---|---|---|---|---|---|---|---|---|\n";

    private RolloutPlanMarkdown() {
    }

    public static String plan(RolloutPlan plan) {
        StringBuilder md = new StringBuilder();
        md.append("# Dry-run plan: ").append(plan.definition().imageName()).append(' ').append(plan.version().versionName())
                .append("\n\n");
        md.append("- definition: `").append(plan.definition()).append("`\n");
        md.append("- version: `").append(plan.version()).append("`\n");
        md.append("- assumed ready: what passes would do once ").append(plan.version().versionName())
                .append(" is ready; \"ready now\" is the readiness gate's verdict today\n");
        md.append("- at most ").append(plan.limit()).append(" pool(s) roll at a time (MAX_ROLLOUTS_PER_IMAGE)\n");
        md.append("- summary: ").append(plan.count(RolloutPlan.Action.ROLL)).append(" roll, ")
                .append(plan.count(RolloutPlan.Action.WAIT)).append(" wait, ")
                .append(plan.count(RolloutPlan.Action.SKIP)).append(" skip\n");
        if (!plan.newerVersions().isEmpty()) {
            md.append("- newer versions: ").append(String.join(", ", plan.newerVersions()))
                    .append(" (a pass rolls to the newest ready version)\n");
        }
        if (!plan.unreadAccounts().isEmpty()) {
            md.append("- accounts not read: ").append(String.join(", ", plan.unreadAccounts())).append('\n');
        }
        Map<Integer, List<PoolPlan>> waves = new TreeMap<>(plan.pools().stream().filter(p -> p.action() != RolloutPlan.Action.SKIP
                || p.code() == RolloutPlan.Why.IN_PROGRESS).filter(p -> p.wave().isPresent())
                .collect(Collectors.groupingBy(p -> p.wave().getAsInt())));
        waves.forEach((wave, pools) -> table(md, "Wave " + wave + (wave == 1 ? " (the slots now)" : ""), pools));
        List<PoolPlan> rest = plan.pools().stream().filter(p -> p.wave().isEmpty()).toList();
        if (!rest.isEmpty()) {
            table(md, "Not rolled in a wave", rest);
        }
        if (plan.pools().isEmpty()) {
            md.append("\nNo managed pool names this image definition.\n");
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String title, List<PoolPlan> pools) {
        md.append("\n## ").append(title).append("\n\n").append(HEADER);
        for (PoolPlan p : pools) {
            RolloutPlan.GateView gate = p.readiness();
            md.append("| ").append(p.order())
                    .append(" | ").append(cell(p.pool().poolName()))
                    .append(" | ").append(cell(p.account().accountName()))
                    .append(" | ").append(p.strategy().wireName())
                    .append(" | ").append(cell(p.currentVersion()))
                    .append(" | **").append(p.action().name().toLowerCase(Locale.ROOT)).append("**")
                    .append(" | ").append(cell(p.why()))
                    .append(" | ").append(gate.ready() ? "yes" : "no: " + cell(codes(gate.reasons())))
                    .append(" | ").append(gate.replicasNeeded()).append('/').append(gate.replicasPresent())
                    .append(" in ").append(gate.region()).append(gate.replicationState().map(s -> " (" + s + ")").orElse(""))
                    .append(" | ").append(p.quota().map(q -> (q.ok() ? "ok" : "no") + ": " + cell(q.detail())).orElse("-"))
                    .append(" | ").append(p.capacityDown().map(d -> d.estimate().map(Object::toString)
                            .orElse("drain + up to " + d.afterDrain()) + ": " + cell(d.basis())).orElse("-"))
                    .append(" |\n");
        }
    }

    private static String codes(List<Reason> reasons) {
        return reasons.stream().map(r -> r.code().name()).distinct().collect(Collectors.joining(", "));
    }

    static String cell(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

}

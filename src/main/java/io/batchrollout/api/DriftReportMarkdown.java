package io.batchrollout.api;

import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.rollout.DriftCounts;
import io.batchrollout.core.rollout.drift.DriftEntry;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.core.rollout.drift.ImageDrift;
import io.batchrollout.core.rollout.state.RolloutView;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * driftReport as Markdown ({@code ?format=markdown}): the same facts as the JSON, as tables a pipeline log or a chat
 * message renders. Cells never break a table: pipes are escaped and line breaks become spaces.
 */
public final class DriftReportMarkdown {
    public static final String MEDIA_TYPE = "text/markdown; charset=utf-8";

    private DriftReportMarkdown() {
    }

    public static String write(DriftReport report) {
        StringBuilder md = new StringBuilder("# Drift report\n\n");
        DriftCounts c = report.counts();
        table(md, List.of("managed", "in sync", "drifted", "unknown", "stuck", "behind", "end of life soon"),
                List.of(List.of(n(c.total()), n(c.inSync()), n(c.drifted()), n(c.unknown()), n(c.stuck()), n(c.behind()),
                        n(c.endOfLifeSoon()))));
        for (ImageDrift image : report.images()) {
            image(md, image);
        }
        md.append("## Pools\n\n");
        table(md, List.of("pool", "account", "policy", "current", "desired", "status", "phase", "deadline", "stuck",
                "days behind", "holds"), report.pools().stream().map(DriftReportMarkdown::pool).toList());
        if (!report.accountsNotRead().isEmpty()) {
            md.append("## Accounts not read (the report is partial)\n\n");
            table(md, List.of("account", "status", "code", "message"), report.accountsNotRead().stream()
                    .map(a -> List.of(a.account().accountName(), n(a.status()), text(a.code()), text(a.message()))).toList());
        }
        return md.toString();
    }

    private static void image(StringBuilder md, ImageDrift image) {
        md.append("## Image ").append(cell(image.definitionId().imageName())).append("\n\n`")
                .append(image.definitionId()).append("`: newest version ")
                .append(image.newestVersion().map(v -> "**" + v.id().versionName() + "**").orElse("none"))
                .append(image.note().map(n -> " (" + cell(n) + ")").orElse("")).append("\n\n");
        if (!image.versions().isEmpty()) {
            table(md, List.of("version", "provisioning", "excluded from latest", "published", "end of life",
                    "replication (region: state, replicas, progress)", "ready for"), image.versions().stream().map(v -> List.of(
                    v.version().id().versionName(), text(v.version().provisioningState()),
                    v.version().excludeFromLatest() ? "yes" : "no", date(v.version().publishedDate()),
                    date(v.version().endOfLifeDate()),
                    v.regions().stream().map(r -> r.region() + ": " + r.state().orElse("-") + ", " + r.replicas() + ", "
                            + r.progress().map(p -> p + "%").orElse("-")
                            + v.remediation().stream().filter(x -> x.region().equals(r.region()))
                                    .map(x -> x.from() == 0 ? " (added by the app)" : " (raised by the app from " + x.from() + ")")
                                    .findFirst().orElse("")).collect(Collectors.joining("; ")),
                    v.readiness().stream().map(r -> r.account().accountName() + " (" + r.region() + "): "
                            + (r.readiness().ready() ? "ready" : "not ready, " + codes(r.readiness().reasons())))
                            .collect(Collectors.joining("; ")))).toList());
        }
        List<ImageDrift.VersionState> gated = image.versions().stream().filter(v -> v.promotion().isPresent()).toList();
        if (!gated.isEmpty()) {
            md.append("Gated promotion:\n\n");
            table(md, List.of("version", "promotion", "why", "canaries"), gated.stream().map(v -> List.of(
                    v.version().id().versionName(), v.promotion().get().state().wireName(), cell(v.promotion().get().reason()),
                    String.join(", ", v.promotion().get().canaries()))).toList());
        }
        if (!image.replicaShortfall().isEmpty()) {
            md.append("Replicas for the largest pool per region:\n\n");
            table(md, List.of("region", "version", "largest pool", "nodes", "replicas needed", "replicas present",
                    "shortfall"), image.replicaShortfall().stream().map(s -> List.of(s.region(), s.version(),
                    s.largestPool().poolName(), n(s.nodes()), n(s.replicasNeeded()), n(s.replicasPresent()),
                    n(s.shortfall()))).toList());
        }
        if (!image.endOfLife().isEmpty()) {
            md.append("Versions in use past or within 30 days of their end of life:\n\n");
            table(md, List.of("version", "end of life", "days left", "pools"), image.endOfLife().stream()
                    .map(e -> List.of(e.version(), date(e.endOfLifeDate()), Long.toString(e.daysLeft()),
                            String.join(", ", e.pools()))).toList());
        }
    }

    private static List<String> pool(DriftEntry p) {
        String policy = (p.policy().image() instanceof ImageRef.Pinned ? "pinned" : "tracked") + ", "
                + p.policy().strategy().wireName();
        return List.of(p.pool().poolName(), p.pool().account().accountName(), policy,
                RolloutView.versionName(p.currentImage()), p.desiredImage().map(RolloutView::versionName).orElse("-"),
                p.status().apiName(), p.rollout().phaseName().orElse("-"),
                p.timing().deadline().map(Object::toString).orElse("-"), p.timing().stuck() ? "**yes**" : "no",
                p.daysBehind().map(Object::toString).orElse("-"), p.holds().isEmpty() ? "-" : String.join("; ", p.holds()));
    }

    private static String codes(List<Reason> reasons) {
        return reasons.stream().map(r -> r.code().name()).distinct().collect(Collectors.joining(", "));
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(header.stream().map(DriftReportMarkdown::cell).collect(Collectors.joining(" | "))).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(row.stream().map(DriftReportMarkdown::cell).collect(Collectors.joining(" | "))).append(" |\n");
        }
        md.append('\n');
    }

    /** Pipes would end the cell and line breaks the row. */
    static String cell(String text) {
        return text == null || text.isEmpty() ? "-" : text.replace("\\", "\\\\").replace("|", "\\|")
                .replaceAll("[\\r\\n]+", " ");
    }

    private static String text(String value) {
        return Optional.ofNullable(value).orElse("-");
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static String date(OffsetDateTime time) {
        return time == null ? "-" : time.toInstant().toString();
    }
}

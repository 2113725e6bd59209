package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.ScaleSettings.NodeDeallocationOption;
import io.batchrollout.core.policy.PoolMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RolloutState} in pool metadata, one short entry per field under {@link #PREFIX}; empty fields are not
 * written. Values stay within {@link PoolMetadata#MAX_VALUE_LENGTH}: an autoscale formula is cut into numbered
 * entries, the decision text is shortened. Writing replaces every entry under the prefix and keeps all others (the
 * caller's and the policy) where they stand, because a PATCH with metadata replaces the whole list.
 */
public final class RolloutStateCodec {
    public static final String PREFIX = PoolMetadata.PREFIX + "rollout.";
    public static final String PHASE = PREFIX + "phase";
    public static final String SINCE = PREFIX + "since";
    public static final String TARGET = PREFIX + "target";
    public static final String PREVIOUS = PREFIX + "previous";
    /** "fixed,{dedicated},{lowPriority},{resizeTimeout},{nodeDeallocationOption}" or "auto,{evaluationInterval}". */
    public static final String SCALE = PREFIX + "scale";
    /** The saved autoscale formula, in chunks: formula.0, formula.1, ... */
    public static final String FORMULA = PREFIX + "formula.";
    /**
     * Beside an autoscale {@link #SCALE}: "{dedicated},{lowPriority}", the nodes the pool was planned for before the
     * drain ({@link RolloutState#savedNodes}). Absent on fixed saved scales and on pools drained before it existed.
     */
    public static final String PLANNED = PREFIX + "planned";
    public static final String ATTEMPTS = PREFIX + "attempts";
    /**
     * A concrete version id the nodes of a pool naming its definition run ({@link RolloutState#running}), e.g. stated
     * at adoption. Absent on pools written before it existed: they decode as not knowing it.
     */
    public static final String RUNNING = PREFIX + "running";
    /** Comma separated version names. */
    public static final String REJECTED = PREFIX + "rejected";
    public static final String PAUSED = PREFIX + "paused";
    public static final String DECISION = PREFIX + "decision";
    /** Blue-green: the group's name (the first pool's id), on every pool of the group. */
    public static final String GROUP = PREFIX + "group";
    /** Blue-green, on the old pool: the candidate's pool name. */
    public static final String CANDIDATE = PREFIX + "candidate";
    /** Blue-green, on the candidate: the pool it replaces. */
    public static final String REPLACES = PREFIX + "replaces";
    /** Blue-green, on the old pool: the job being moved now. */
    public static final String MOVING = PREFIX + "moving";
    /**
     * Blue-green, on the old pool, beside {@link #MOVING} (written in the same pool write as the selection): "app" when
     * the app disables the job and enables it after the move, "found" when it was found disabled and stays so.
     */
    public static final String MOVING_DISABLED_BY = PREFIX + "movingDisabledBy";
    /** Blue-green, on the old pool: comma separated ids of the jobs moved so far. */
    public static final String MOVED = PREFIX + "moved";

    /**
     * The step Azure last refused ({@link Refusal}): "{step},{status},{code},{time},{count},{version}", the version last
     * (a reference that is not a gallery version is written whole). Absent on pools written before it existed.
     */
    public static final String REFUSED = PREFIX + "refused";
    /** Azure's message for {@link #REFUSED}, shortened to one value. */
    public static final String REFUSED_MESSAGE = PREFIX + "refusedMessage";

    static final int CHUNK = PoolMetadata.MAX_VALUE_LENGTH;

    private RolloutStateCodec() {
    }

    /** What a pool's metadata says about its rollout. */
    public sealed interface Decoded {
        record Present(RolloutState state) implements Decoded {
        }

        /** Entries that cannot be read (edited by hand?): reported, never guessed at. */
        record Unreadable(String reason) implements Decoded {
        }
    }

    public static boolean isStateEntry(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    public static List<Metadata> encode(RolloutState s) {
        List<Metadata> out = new ArrayList<>();
        out.add(new Metadata(PHASE, s.phase().name()));
        s.since().ifPresent(t -> out.add(new Metadata(SINCE, t.toString())));
        s.target().ifPresent(t -> out.add(new Metadata(TARGET, t)));
        s.previous().ifPresent(p -> out.add(new Metadata(PREVIOUS, p)));
        s.savedScale().ifPresent(scale -> encodeScale(scale, out));
        s.savedNodes().ifPresent(n -> out.add(new Metadata(PLANNED, n.dedicated() + "," + n.lowPriority())));
        s.running().ifPresent(r -> out.add(new Metadata(RUNNING, r)));
        if (s.attempts() > 0) {
            out.add(new Metadata(ATTEMPTS, Integer.toString(s.attempts())));
        }
        if (!s.rejected().isEmpty()) {
            out.add(new Metadata(REJECTED, rejectedValue(s.rejected())));
        }
        if (s.paused()) {
            out.add(new Metadata(PAUSED, "true"));
        }
        s.lastDecision().ifPresent(d -> out.add(new Metadata(DECISION, shorten(d))));
        BlueGreenLinks links = s.links();
        links.group().ifPresent(g -> out.add(new Metadata(GROUP, g)));
        links.candidate().ifPresent(c -> out.add(new Metadata(CANDIDATE, c)));
        links.replaces().ifPresent(r -> out.add(new Metadata(REPLACES, r)));
        links.moving().ifPresent(j -> out.add(new Metadata(MOVING, j)));
        links.movingDisabledBy().flatMap(RolloutStateCodec::disabledByValue)
                .ifPresent(by -> out.add(new Metadata(MOVING_DISABLED_BY, by)));
        if (!links.moved().isEmpty()) {
            out.add(new Metadata(MOVED, newestThatFit(links.moved())));
        }
        s.refused().ifPresent(r -> {
            out.add(new Metadata(REFUSED, shorten(String.join(",", r.step().wire(), Integer.toString(r.status()),
                    r.code().replace(',', ' '), r.at().toString(), Integer.toString(r.count()), r.version()))));
            if (!r.message().isEmpty()) {
                out.add(new Metadata(REFUSED_MESSAGE, shorten(r.message())));
            }
        });
        return List.copyOf(out);
    }

    /** The pool's full list with this state written in: every other entry kept where it is, stale state entries gone. */
    public static List<Metadata> writeInto(List<Metadata> current, RolloutState state) {
        List<Metadata> others = current.stream().filter(m -> !isStateEntry(m.name())).toList();
        return PoolMetadata.withAppEntries(others, encode(state));
    }

    public static Decoded decode(List<Metadata> metadata) {
        Map<String, String> v = PoolMetadata.split(metadata).appValues();
        if (!v.containsKey(PHASE)) {
            return v.keySet().stream().anyMatch(RolloutStateCodec::isStateEntry)
                    ? new Decoded.Unreadable(PHASE + " is missing") : new Decoded.Present(RolloutState.initial());
        }
        try {
            RolloutPhase phase = RolloutPhase.valueOf(v.get(PHASE));
            Optional<Instant> since = Optional.ofNullable(v.get(SINCE)).map(Instant::parse);
            Optional<ScaleSettings> scale = Optional.ofNullable(v.get(SCALE)).map(raw -> decodeScale(raw, v));
            int attempts = Optional.ofNullable(v.get(ATTEMPTS)).map(Integer::parseInt).orElse(0);
            List<String> rejected = commaList(v.get(REJECTED));
            BlueGreenLinks links = new BlueGreenLinks(Optional.ofNullable(v.get(GROUP)), Optional.ofNullable(v.get(CANDIDATE)),
                    Optional.ofNullable(v.get(REPLACES)), Optional.ofNullable(v.get(MOVING)),
                    Optional.ofNullable(v.get(MOVING_DISABLED_BY)).map(RolloutStateCodec::disabledBy), commaList(v.get(MOVED)));
            return new Decoded.Present(new RolloutState(phase, Optional.ofNullable(v.get(TARGET)),
                    Optional.ofNullable(v.get(PREVIOUS)), since, scale, attempts, rejected,
                    "true".equals(v.get(PAUSED)), Optional.ofNullable(v.get(DECISION)), links,
                    Optional.ofNullable(v.get(REFUSED)).map(raw -> refusal(raw, v.get(REFUSED_MESSAGE))),
                    Optional.ofNullable(v.get(PLANNED)).map(RolloutStateCodec::planned),
                    Optional.ofNullable(v.get(RUNNING))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return new Decoded.Unreadable("rollout state entries under " + PREFIX + " cannot be read: " + e.getMessage());
        }
    }

    private static void encodeScale(ScaleSettings scale, List<Metadata> out) {
        if (scale instanceof ScaleSettings.FixedScale f) {
            out.add(new Metadata(SCALE, String.join(",", "fixed", Integer.toString(f.targetDedicatedNodes()),
                    Integer.toString(f.targetLowPriorityNodes()), f.resizeTimeout() == null ? "" : f.resizeTimeout().toString(),
                    f.nodeDeallocationOption() == null ? "" : wireName(f.nodeDeallocationOption()))));
        } else if (scale instanceof ScaleSettings.AutoScale a) {
            out.add(new Metadata(SCALE, "auto," + (a.evaluationInterval() == null ? "" : a.evaluationInterval())));
            String formula = a.formula();
            for (int i = 0, n = 0; i < formula.length(); i += CHUNK, n++) {
                out.add(new Metadata(FORMULA + n, formula.substring(i, Math.min(formula.length(), i + CHUNK))));
            }
        }
    }

    private static ScaleSettings decodeScale(String raw, Map<String, String> v) {
        String[] parts = raw.split(",", -1);
        if (parts[0].equals("fixed") && parts.length == 5) {
            return new ScaleSettings.FixedScale(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    parts[3].isEmpty() ? null : Duration.parse(parts[3]),
                    parts[4].isEmpty() ? null : option(parts[4]));
        }
        if (parts[0].equals("auto") && parts.length == 2) {
            StringBuilder formula = new StringBuilder();
            for (int n = 0; v.containsKey(FORMULA + n); n++) {
                formula.append(v.get(FORMULA + n));
            }
            if (formula.isEmpty()) {
                throw new IllegalArgumentException(SCALE + " is autoscale but " + FORMULA + "0 is missing");
            }
            return new ScaleSettings.AutoScale(formula.toString(), parts[1].isEmpty() ? null : Duration.parse(parts[1]));
        }
        throw new IllegalArgumentException(SCALE + " '" + raw + "' is neither fixed,... nor auto,...");
    }

    private static PoolAutoScaleRun.Targets planned(String raw) {
        String[] parts = raw.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(PLANNED + " '" + raw + "' is not dedicated,lowPriority");
        }
        int dedicated = Integer.parseInt(parts[0].strip());
        int lowPriority = Integer.parseInt(parts[1].strip());
        if (dedicated < 0 || lowPriority < 0) {
            throw new IllegalArgumentException(PLANNED + " '" + raw + "' counts negative nodes");
        }
        return new PoolAutoScaleRun.Targets(dedicated, lowPriority);
    }

    private static Refusal refusal(String raw, String message) {
        String[] parts = raw.split(",", 6);
        if (parts.length != 6) {
            throw new IllegalArgumentException(REFUSED + " '" + raw + "' is not step,status,code,time,count,version");
        }
        return new Refusal(Refusal.Kind.fromWire(parts[0]), parts[5], Integer.parseInt(parts[1]), parts[2],
                Instant.parse(parts[3]), Integer.parseInt(parts[4]), message);
    }

    /** Batch's names for the option, e.g. TaskCompletion. */
    public static String wireName(NodeDeallocationOption option) {
        StringBuilder name = new StringBuilder();
        for (String word : option.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static NodeDeallocationOption option(String wire) {
        return Arrays.stream(NodeDeallocationOption.values()).filter(o -> wireName(o).equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown nodeDeallocationOption '" + wire + "'"));
    }

    /** UNRECORDED is never written: its absence beside {@link #MOVING} is what says it. */
    private static Optional<String> disabledByValue(BlueGreenLinks.DisabledBy by) {
        return switch (by) {
            case APP -> Optional.of("app");
            case FOUND -> Optional.of("found");
            case UNRECORDED -> Optional.empty();
        };
    }

    /**
     * A pool in the middle of a move written by an app version before this entry existed has {@link #MOVING} alone: it
     * decodes as UNRECORDED, not as "app". Those versions enabled every moved job, but guessing "app" would enable a job
     * an operator held on purpose (bad inputs: its tasks would run, which cannot be undone), while guessing "found"
     * at worst leaves one job disabled, its tasks kept, with a decision line naming it. The decider also narrows the
     * guess: an UNRECORDED job still active on its old pool is recorded as the app's before the app disables it.
     */
    private static BlueGreenLinks.DisabledBy disabledBy(String value) {
        return switch (value) {
            case "app" -> BlueGreenLinks.DisabledBy.APP;
            case "found" -> BlueGreenLinks.DisabledBy.FOUND;
            default -> throw new IllegalArgumentException(MOVING_DISABLED_BY + " '" + value + "' is neither app nor found");
        };
    }

    private static List<String> commaList(String raw) {
        return raw == null ? List.of()
                : Arrays.stream(raw.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    /** The newest rejections that fit one value: the oldest matter least (the pool has moved past them). */
    private static String rejectedValue(List<String> rejected) {
        return newestThatFit(rejected);
    }

    /** The newest entries that fit one value, oldest dropped first. */
    private static String newestThatFit(List<String> entries) {
        List<String> kept = new ArrayList<>(entries);
        while (String.join(",", kept).length() > PoolMetadata.MAX_VALUE_LENGTH) {
            kept.remove(0);
        }
        return String.join(",", kept);
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]", " ");
        return oneLine.length() <= PoolMetadata.MAX_VALUE_LENGTH ? oneLine
                : oneLine.substring(0, PoolMetadata.MAX_VALUE_LENGTH - 3) + "...";
    }
}

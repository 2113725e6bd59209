package io.batchrollout.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.pools.CreatePoolCommand;
import io.batchrollout.core.readiness.ReplicaRule;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the raw body of POST /api/pools into a {@link CreatePoolCommand}, or says everything that is wrong with it,
 * without any call to Azure. The body must be declared {@code application/json}, be at most {@link #MAX_BODY_BYTES},
 * be one strict JSON object (see {@link StrictJson}) and hold only known fields, each by its rule.
 *
 * <p>Node targets: Batch accepts a fixed-scale pool with no nodes (its default), so 0 and 0 is allowed: the pool is
 * created empty. Batch's 2,000 dedicated / 1,000 low-priority limits bind pools built from a managed image resource,
 * not pools on Azure Compute Gallery images (every pool of this app): their size is bounded by the version's replicas
 * in the region, which the readiness gate checks with its numbers (at most 100 replicas of VMS_PER_REPLICA VMs), by
 * the quotas, and by Batch. The parser keeps only {@value #MAX_NODES} per field: the most any VMS_PER_REPLICA setting
 * lets 100 replicas serve ({@link ReplicaRule#MAX_REPLICAS_PER_REGION} x {@link ReplicaRule#MAX_VMS_PER_REPLICA}),
 * so a larger number is a mistake no configuration could accept.
 */
public final class CreatePoolRequestParser {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_NODES = ReplicaRule.MAX_REPLICAS_PER_REGION * ReplicaRule.MAX_VMS_PER_REPLICA;
    /** Batch publishes no limit; cmd.exe's command-line limit is the tighter of the node OSes'. */
    public static final int MAX_COMMAND_LINE_LENGTH = 8_191;
    /** Batch's default for maxTaskRetryCount: a failed start task is not retried. */
    public static final int START_TASK_RETRIES = 0;

    static final Set<String> FIELDS = set("poolId", "batchAccountId", "vmSize", "targetDedicatedNodes",
            "targetLowPriorityNodes", "image", "nodeAgentSkuId", "startTask", "rollout", "metadata");
    static final Set<String> START_TASK_FIELDS = set("commandLine", "elevated", "waitForSuccess");
    static final Set<String> ROLLOUT_FIELDS = set("strategy", "canary");

    private final ConfiguredAccounts accounts;

    public CreatePoolRequestParser(ConfiguredAccounts accounts) {
        this.accounts = accounts;
    }

    /** @param contentType the request's Content-Type header, however its name was cased; empty when absent */
    public CreatePoolParse parse(Optional<String> contentType, String body) {
        if (body != null && body.length() > MAX_BODY_BYTES || body != null && utf8Length(body) > MAX_BODY_BYTES) {
            return new CreatePoolParse.TooLarge("The body may be at most " + MAX_BODY_BYTES + " bytes (64 KiB).");
        }
        Optional<String> mediaProblem = JsonMediaType.problem(contentType);
        if (mediaProblem.isPresent()) {
            return new CreatePoolParse.UnsupportedMediaType(mediaProblem.get());
        }
        if (body == null || body.isBlank()) {
            return new CreatePoolParse.Invalid("A JSON object describing the pool is required.", List.of());
        }
        StrictJson.Result read = StrictJson.read(body);
        if (read instanceof StrictJson.Result.Malformed malformed) {
            return new CreatePoolParse.Invalid(malformed.detail(), malformed.errors());
        }
        JsonNode root = ((StrictJson.Result.Parsed) read).root();
        if (!root.isObject()) {
            return new CreatePoolParse.Invalid("The body must be a JSON object, not " + JsonFields.kind(root) + ".", List.of());
        }
        JsonFields fields = new JsonFields();
        Optional<CreatePoolCommand> command = command((ObjectNode) root, fields);
        if (fields.hasErrors() || command.isEmpty()) {
            return new CreatePoolParse.Invalid(fields.count() == 1 ? "1 field is invalid." : fields.count() + " fields are invalid.",
                    fields.errors());
        }
        return new CreatePoolParse.Accepted(command.get());
    }

    private Optional<CreatePoolCommand> command(ObjectNode body, JsonFields fields) {
        fields.rejectUnknown(body, "#", FIELDS);
        Optional<String> poolName = fields.string(body, "#", "poolId", true).filter(name -> check("#/poolId",
                FieldRules.poolName(name), fields));
        Optional<BatchAccountId> account = account(body, fields);
        Optional<String> vmSize = fields.string(body, "#", "vmSize", true).filter(v -> check("#/vmSize", FieldRules.vmSize(v), fields));
        Optional<Integer> dedicated = fields.integer(body, "#", "targetDedicatedNodes", true, 0, MAX_NODES);
        Optional<Integer> lowPriority = fields.integer(body, "#", "targetLowPriorityNodes", false, 0, MAX_NODES);
        Optional<ImageRef> image = fields.string(body, "#", "image", true).flatMap(text -> image(text, fields));
        Optional<String> agent = fields.string(body, "#", "nodeAgentSkuId", true)
                .filter(s -> check("#/nodeAgentSkuId", FieldRules.nodeAgentSkuId(s), fields));
        Optional<StartTask> startTask = fields.object(body, "#", "startTask").flatMap(task -> startTask(task, fields));
        Optional<ObjectNode> rollout = fields.object(body, "#", "rollout");
        RolloutStrategy strategy = rollout.flatMap(r -> strategy(r, fields)).orElse(RolloutStrategy.IN_PLACE);
        boolean canary = rollout.flatMap(r -> canary(r, image, fields)).orElse(false);
        List<Metadata> metadata = fields.array(body, "#", "metadata").map(a -> CallerMetadataReader.read(a, fields)).orElse(List.of());
        if (fields.hasErrors() || poolName.isEmpty() || account.isEmpty() || vmSize.isEmpty() || dedicated.isEmpty()
                || image.isEmpty() || agent.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CreatePoolCommand(PoolId.of(account.get(), poolName.get()), vmSize.get(), dedicated.get(),
                lowPriority.orElse(0), image.get(), agent.get(), startTask, strategy, canary, metadata));
    }

    private Optional<BatchAccountId> account(ObjectNode body, JsonFields fields) {
        if (body.has("batchAccountId") && !body.get("batchAccountId").isTextual()) {
            fields.string(body, "#", "batchAccountId", false);
            return Optional.empty();
        }
        ConfiguredAccounts.Resolution resolution = accounts.resolve(fields.string(body, "#", "batchAccountId", false));
        if (resolution instanceof ConfiguredAccounts.Resolution.Refused refused) {
            fields.error("#/batchAccountId", refused.detail());
            return Optional.empty();
        }
        return Optional.of(((ConfiguredAccounts.Resolution.Resolved) resolution).account());
    }

    private static Optional<ImageRef> image(String text, JsonFields fields) {
        FieldRules.ImageCheck check = FieldRules.image(text);
        if (check instanceof FieldRules.ImageCheck.Refused refused) {
            fields.error("#/image", refused.detail());
            return Optional.empty();
        }
        return Optional.of(((FieldRules.ImageCheck.Valid) check).image());
    }

    private static Optional<StartTask> startTask(ObjectNode task, JsonFields fields) {
        String at = "#/startTask";
        fields.rejectUnknown(task, at, START_TASK_FIELDS);
        Optional<String> commandLine = fields.string(task, at, "commandLine", true).filter(line -> {
            if (line.isBlank() || line.length() > MAX_COMMAND_LINE_LENGTH || Texts.hasControl(line, true)) {
                fields.error(at + "/commandLine", "must be 1 to " + MAX_COMMAND_LINE_LENGTH
                        + " characters, not blank, without control characters other than tab");
                return false;
            }
            return true;
        });
        boolean elevated = fields.bool(task, at, "elevated").orElse(false);
        boolean waitForSuccess = fields.bool(task, at, "waitForSuccess").orElse(true);
        return commandLine.map(line -> new StartTask(line, elevated, waitForSuccess, START_TASK_RETRIES));
    }

    /** {@code rollout.canary}: a boolean, and only on a pool tracking its definition (a pinned pool never rolls). */
    static Optional<Boolean> canary(ObjectNode rollout, Optional<ImageRef> image, JsonFields fields) {
        Optional<Boolean> canary = fields.bool(rollout, "#/rollout", "canary");
        if (canary.orElse(false) && image.filter(i -> i instanceof ImageRef.Pinned).isPresent()) {
            fields.error("#/rollout/canary", "a pool pinned to a version never rolls, so it cannot be a canary: "
                    + "give the image definition id to track it");
            return Optional.empty();
        }
        return canary;
    }

    private static Optional<RolloutStrategy> strategy(ObjectNode rollout, JsonFields fields) {
        fields.rejectUnknown(rollout, "#/rollout", ROLLOUT_FIELDS);
        return fields.string(rollout, "#/rollout", "strategy", false).flatMap(name -> {
            Optional<RolloutStrategy> strategy = RolloutStrategy.fromWireName(name);
            if (strategy.isEmpty()) {
                fields.error("#/rollout/strategy", "must be '" + RolloutStrategy.IN_PLACE.wireName() + "' or '"
                        + RolloutStrategy.BLUE_GREEN.wireName() + "'");
            }
            return strategy;
        });
    }

    private static boolean check(String pointer, Optional<String> problem, JsonFields fields) {
        problem.ifPresent(detail -> fields.error(pointer, detail));
        return problem.isEmpty();
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Set<String> set(String... names) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }
}

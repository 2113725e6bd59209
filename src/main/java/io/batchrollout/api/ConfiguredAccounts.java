package io.batchrollout.api;

import io.batchrollout.core.model.BatchAccountId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves the account a request names against BATCH_ACCOUNT_IDS: only configured accounts are served, and the
 * account may be left out only when exactly one is configured. Ids compare as ARM compares them, ignoring case.
 */
public final class ConfiguredAccounts {
    private final List<BatchAccountId> accounts;

    public ConfiguredAccounts(List<BatchAccountId> accounts) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("at least one Batch account is configured");
        }
        this.accounts = List.copyOf(accounts);
    }

    public List<BatchAccountId> all() {
        return accounts;
    }

    public sealed interface Resolution {
        record Resolved(BatchAccountId account) implements Resolution {
        }

        record Refused(String detail) implements Resolution {
        }
    }

    /** {@code raw} as the client sent it (body field or query parameter); empty when left out. */
    public Resolution resolve(Optional<String> raw) {
        if (raw.isEmpty()) {
            return accounts.size() == 1 ? new Resolution.Resolved(accounts.get(0))
                    : new Resolution.Refused("is required: this app manages several Batch accounts (" + names() + ")");
        }
        String text = raw.get();
        BatchAccountId id;
        try {
            if (!text.equals(text.strip())) {
                throw new IllegalArgumentException("it has leading or trailing white space");
            }
            id = BatchAccountId.parse(text);
        } catch (IllegalArgumentException e) {
            return new Resolution.Refused("must be the ARM id of a Batch account, "
                    + "/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Batch/batchAccounts/{account}: "
                    + Texts.clip(e.getMessage()));
        }
        return accounts.stream().filter(id::equals).findFirst()
                .<Resolution>map(Resolution.Resolved::new)
                .orElseGet(() -> new Resolution.Refused("is not an account this app manages (BATCH_ACCOUNT_IDS: " + names() + ")"));
    }

    private String names() {
        return accounts.stream().map(BatchAccountId::toString).collect(Collectors.joining(", "));
    }
}

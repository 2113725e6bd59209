package io.batchrollout.core.rollout;

import io.batchrollout.port.RolloutNotifications;
import java.util.Optional;

/**
 * The optional parts of a {@link Reconciler}'s passes, each off unless a setting turns it on: gallery remediation,
 * notifications and gated promotion. {@code sent} outlives the passes so a notice no write derives from (a 403) goes
 * out once per process, not once per pass; a new notification target starts with none sent.
 */
record PassFeatures(Optional<PassRemediation.Config> remediation, RolloutNotifications notifications,
                    PassNotices.Sent sent, Optional<PassPromotions> promotions) {

    static PassFeatures none() {
        return new PassFeatures(Optional.empty(), RolloutNotifications.OFF, new PassNotices.Sent(), Optional.empty());
    }

    PassFeatures withRemediation(PassRemediation.Config config) {
        return new PassFeatures(Optional.of(config), notifications, sent, promotions);
    }

    PassFeatures withNotifications(RolloutNotifications to) {
        return new PassFeatures(remediation, to, new PassNotices.Sent(), promotions);
    }

    PassFeatures withPromotions(PassPromotions gated) {
        return new PassFeatures(remediation, notifications, sent, Optional.of(gated));
    }
}

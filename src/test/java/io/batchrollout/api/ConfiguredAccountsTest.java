package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.batchrollout.core.model.BatchAccountId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfiguredAccountsTest {
    static final BatchAccountId ONE = CreatePoolRequestParserTest.ONE;
    static final BatchAccountId TWO = CreatePoolRequestParserTest.TWO;

    @Test
    void theOnlyAccountIsTakenWhenNoneIsNamed() {
        assertEquals(new ConfiguredAccounts.Resolution.Resolved(ONE), new ConfiguredAccounts(List.of(ONE)).resolve(Optional.empty()));
    }

    @Test
    void withSeveralAccountsOneMustBeNamed() {
        assertInstanceOf(ConfiguredAccounts.Resolution.Refused.class, new ConfiguredAccounts(List.of(ONE, TWO)).resolve(Optional.empty()));
    }

    @Test
    void namedAccountsMatchIgnoringCaseAndMustBeConfigured() {
        ConfiguredAccounts accounts = new ConfiguredAccounts(List.of(ONE, TWO));
        assertEquals(new ConfiguredAccounts.Resolution.Resolved(TWO), accounts.resolve(Optional.of(TWO.toString().toUpperCase()
                .replace("/SUBSCRIPTIONS/", "/subscriptions/"))));
        assertInstanceOf(ConfiguredAccounts.Resolution.Refused.class,
                new ConfiguredAccounts(List.of(ONE)).resolve(Optional.of(TWO.toString())));
    }
}

package io.batchrollout.core.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchrollout.core.model.BatchAccountId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A continuation token comes back from the client; the ARM link inside it is sent with the app's identity. Only a
 * link to the configured endpoint and the named account's own pools list may pass.
 */
class ListCursorTest {
    static final String ENDPOINT = "https://management.azure.com/";
    static final BatchAccountId A = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
            + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a");
    static final BatchAccountId B = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
            + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/b");
    static final List<BatchAccountId> ACCOUNTS = List.of(A, B);
    static final String GOOD = "https://management.azure.com" + B + "/pools?api-version=2023-05-01&maxresults=2&$skiptoken=abc";

    static String token(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String withLink(int account, String link) {
        return new ListCursor(account, Optional.of(link), 0, 2).encode();
    }

    @Test
    void aTokenThisAppIssuedDecodesToTheSamePlace() {
        ListCursor cursor = new ListCursor(1, Optional.of(GOOD), 3, 2);
        assertEquals(cursor, ListCursor.decode(cursor.encode(), ACCOUNTS, ENDPOINT));
        ListCursor first = new ListCursor(1, Optional.empty(), 0, 50);
        assertEquals(first, ListCursor.decode(first.encode(), ACCOUNTS, ENDPOINT));
    }

    @Test
    void theLinkMayDifferInCaseAsArmPathsDo() {
        String lower = "https://MANAGEMENT.azure.com" + B.toString().toLowerCase() + "/POOLS?api-version=2023-05-01";
        ListCursor.decode(withLink(1, lower), ACCOUNTS, ENDPOINT);
    }

    @Test
    void linksAnywhereButThatAccountsPoolsOnTheConfiguredEndpointAreRefused() {
        List<String> forged = List.of(
                "https://attacker.example" + B + "/pools?api-version=2023-05-01",
                "https://management.azure.com.attacker.example" + B + "/pools?x=1",
                "https://management.azure.com@attacker.example" + B + "/pools?x=1",
                "https://user@management.azure.com" + B + "/pools?x=1",
                "http://management.azure.com" + B + "/pools?x=1",
                "https://management.azure.com:8443" + B + "/pools?x=1",
                "https://management.azure.com" + A + "/pools?x=1",
                "https://management.azure.com" + B + "/pools/p1?x=1",
                "https://management.azure.com" + B + "/pools/../../../a/pools?x=1",
                "https://management.azure.com" + B + "/%70ools?x=1",
                "https://management.azure.com" + B + "/pools#?x=1",
                "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleAssignments?x=1",
                "//management.azure.com" + B + "/pools?x=1",
                B + "/pools?x=1",
                "https://management.azure.com" + B + "/pools",
                "not a url at all");
        for (String link : forged) {
            assertThrows(InvalidContinuationException.class, () -> ListCursor.decode(withLink(1, link), ACCOUNTS, ENDPOINT), link);
        }
    }

    @Test
    void tokensThatAreNotThisAppsAreRefused() {
        List<String> junk = List.of("", "abc", token("[]"), token("{}"), token("{\"v\":2,\"a\":0,\"s\":0,\"m\":1}"),
                token("{\"v\":1,\"a\":2,\"s\":0,\"m\":1}"), token("{\"v\":1,\"a\":-1,\"s\":0,\"m\":1}"),
                token("{\"v\":1,\"a\":0,\"s\":-5,\"m\":1}"), token("{\"v\":1,\"a\":0,\"s\":0,\"m\":0}"),
                token("{\"v\":1,\"a\":\"0\",\"s\":0,\"m\":1}"), token("{\"v\":1,\"a\":0,\"s\":0,\"m\":1,\"l\":5}"),
                token("{\"v\":1,\"a\":0,\"s\":0,\"m\":1,\"x\":1,\"y\":2}"), "x".repeat(5000), "%%%%");
        for (String token : junk) {
            assertThrows(InvalidContinuationException.class, () -> ListCursor.decode(token, ACCOUNTS, ENDPOINT), token);
        }
    }

    @Test
    void anEndpointWithAPathKeepsItInFrontOfTheAccount() {
        String endpoint = "https://127.0.0.1:7072/arm/";
        String link = "https://127.0.0.1:7072/arm" + A + "/pools?x=1";
        ListCursor.decode(withLink(0, link), ACCOUNTS, endpoint);
        assertThrows(InvalidContinuationException.class,
                () -> ListCursor.decode(withLink(0, "https://127.0.0.1:7072" + A + "/pools?x=1"), ACCOUNTS, endpoint));
    }
}

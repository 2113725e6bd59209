package io.batchrollout.sim.batch;

import java.util.regex.Pattern;

/**
 * Name rules of the Batch management spec (BatchManagement.json 2024-07-01, path parameters), kept by the simulator
 * itself: a pool name is {@code ^[a-zA-Z0-9_-]+$} of 1 to 64 characters; an account name {@code ^[a-zA-Z0-9]+$} of 3
 * to 24.
 */
final class BatchNames {
    private static final Pattern POOL = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern ACCOUNT = Pattern.compile("[a-zA-Z0-9]+");

    private BatchNames() {
    }

    static boolean validPoolName(String name) {
        return name != null && name.length() <= 64 && POOL.matcher(name).matches();
    }

    static boolean validAccountName(String name) {
        return name != null && name.length() >= 3 && name.length() <= 24 && ACCOUNT.matcher(name).matches();
    }
}

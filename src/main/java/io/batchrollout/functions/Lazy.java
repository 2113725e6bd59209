package io.batchrollout.functions;

import java.util.Objects;
import java.util.function.Supplier;

/** A value built on first use, once, whichever thread asks first. */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    @Override
    public T get() {
        T current = value;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (value == null) {
                value = Objects.requireNonNull(factory.get(), "a lazy factory returned null");
            }
            return value;
        }
    }
}

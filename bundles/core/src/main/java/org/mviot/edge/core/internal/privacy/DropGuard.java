package org.mviot.edge.core.internal.privacy;

import org.mviot.edge.core.internal.pipeline.ValueGuard;

/** {@code "pii": "drop"}: nothing of the channel is reported. */
enum DropGuard implements ValueGuard {
    INSTANCE;

    @Override
    public boolean drops() {
        return true;
    }

    @Override
    public Object protect(Object value) {
        return null;
    }
}

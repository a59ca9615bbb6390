package org.mviot.edge.core.internal.privacy;

import java.nio.charset.StandardCharsets;

/**
 * One spelling per value, typed, so that a token does not depend on how the value was boxed (the
 * integer 42 delivered as a {@code Long} or as the {@code Double} 42.0 gives the same token) and
 * the cloud can tell the type when it decrypts: {@code b:true}, {@code n:42}, {@code n:21.5},
 * {@code s:text}.
 */
final class PlainForm {

    private PlainForm() {
    }

    static byte[] of(Object value) {
        String s;
        if (value instanceof Boolean b) {
            s = "b:" + b;
        } else if (value instanceof Double d) {
            s = d == Math.rint(d) && Math.abs(d) < 1e15 ? "n:" + (long) (double) d : "n:" + d;
        } else if (value instanceof Float f) {
            return of(Double.valueOf(f));
        } else if (value instanceof Number n) {
            s = "n:" + n.longValue();
        } else {
            s = "s:" + value;
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.mviot.edge.timesync.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component property type as DS would build it: the annotation's defaults, some values overridden (keys are method names). */
final class TestConfigs {

    private TestConfigs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getDefaultValue() == null) {
                throw new UnsupportedOperationException(method.getName());
            }
            return method.getDefaultValue();
        }));
    }
}

package org.mviot.edge.testsupport;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type (the {@code @ObjectClassDefinition} annotation of a DS component) as
 * Declarative Services would build it from Config Admin: the given values (keys are the methods'
 * names), else the annotation's defaults. For tests that construct a component outside OSGi.
 */
public final class ComponentConfigs {

    private ComponentConfigs() {
    }

    /**
     * @param <A>    the property type
     * @param type   the property type
     * @param values values by method name
     * @return the configuration
     * @throws UnsupportedOperationException from a method with neither a value nor a default
     */
    public static <A> A of(Class<A> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getDefaultValue() == null) {
                throw new UnsupportedOperationException(method.getName() + " has no value and no default");
            }
            return method.getDefaultValue();
        }));
    }
}

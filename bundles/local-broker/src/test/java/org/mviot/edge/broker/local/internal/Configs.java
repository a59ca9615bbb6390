package org.mviot.edge.broker.local.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link BrokerConfig} as Config Admin would hand it: the given values, else the annotation's defaults. */
final class Configs {

    private Configs() {
    }

    static BrokerConfig of(Map<String, Object> values) {
        return (BrokerConfig) Proxy.newProxyInstance(BrokerConfig.class.getClassLoader(), new Class<?>[] {BrokerConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }
}

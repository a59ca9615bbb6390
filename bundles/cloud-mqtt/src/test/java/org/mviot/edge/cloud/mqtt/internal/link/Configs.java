package org.mviot.edge.cloud.mqtt.internal.link;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link LinkConfig} as Config Admin would hand it: the given values, else the annotation's defaults. */
final class Configs {

    private Configs() {
    }

    static LinkConfig of(Map<String, Object> values) {
        return (LinkConfig) Proxy.newProxyInstance(LinkConfig.class.getClassLoader(), new Class<?>[] {LinkConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }
}

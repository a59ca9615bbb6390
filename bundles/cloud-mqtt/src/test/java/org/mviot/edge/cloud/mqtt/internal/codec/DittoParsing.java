package org.mviot.edge.cloud.mqtt.internal.codec;

import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;

/** Parses Ditto Protocol JSON with Ditto's own adapter, as a Ditto MQTT connection would. */
public final class DittoParsing {

    private static final DittoProtocolAdapter ADAPTER = DittoProtocolAdapter.newInstance();

    private DittoParsing() {
    }

    public static Signal<?> parse(String json) {
        JsonifiableAdaptable adaptable = ProtocolFactory.jsonifiableAdaptableFromJson(JsonFactory.newObject(json));
        return ADAPTER.fromAdaptable(adaptable);
    }
}

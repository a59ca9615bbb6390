package org.mviot.edge.driver.coap.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.observe.NotificationListener;

/**
 * Hands the notifications of a shared endpoint to their {@link Observation}, by token. Californium
 * delivers the first response of an Observe request to the request itself and every later
 * notification only to the endpoint's notification listeners; one listener per endpoint serves all
 * devices.
 */
final class Notifications implements NotificationListener {

    /** What receives the notifications of one registration. */
    interface Receiver {
        /**
         * @param request  the registration
         * @param response a notification
         */
        void notified(Request request, Response response);
    }

    private final Map<Token, Receiver> byToken = new ConcurrentHashMap<>();

    void put(Token token, Receiver receiver) {
        byToken.put(token, receiver);
    }

    void remove(Token token) {
        byToken.remove(token);
    }

    @Override
    public void onNotification(Request request, Response response) {
        Receiver r = byToken.get(response.getToken());
        if (r != null) {
            r.notified(request, response);
        }
    }
}

package org.mviot.edge.driver.coap.internal;

import java.net.URI;
import java.time.Duration;

import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.scandium.dtls.HandshakeException;

/**
 * What happened to a request that got no response, in words an installer can act on: refused by a
 * reset, a DTLS handshake that failed or never completed, or simply no answer.
 */
final class Exchanges {

    /** Follows a request through the connector: whether a DTLS handshake began and ended. */
    static final class Progress extends MessageObserverAdapter {
        private volatile boolean connecting;
        private volatile boolean established;

        @Override
        public void onConnecting() {
            connecting = true;
        }

        @Override
        public void onContextEstablished(org.eclipse.californium.elements.EndpointContext context) {
            established = true;
        }

        @Override
        public void onSent(boolean retransmission) {
            established = true;
        }
    }

    private Exchanges() {
    }

    /**
     * @param request  a request of uri
     * @param progress what the connector reported of it
     * @param uri     the device's base URI
     * @param what    the request in words, e.g. {@code GET /time}
     * @param waited  how long it waited
     * @return why it has no response
     */
    static String unanswered(Request request, Progress progress, URI uri, String what, Duration waited) {
        Throwable error = request.getSendError();
        if (error instanceof HandshakeException || (error != null && error.getClass().getSimpleName().contains("Handshake"))) {
            return uri + ": DTLS handshake failed (" + shortText(error) + "); check psk.identity and psk.key, or dtls.ca, dtls.certificate and dtls.key";
        }
        if (error != null) {
            return uri + ": " + what + " could not be sent: " + shortText(error);
        }
        if (request.isRejected()) {
            return uri + " refused " + what + " with a reset";
        }
        if (progress.connecting && !progress.established) {
            return uri + ": DTLS handshake not completed within " + waited.toMillis()
                    + " ms: the device is down, does not speak DTLS on this port, or refuses psk.identity or the key file";
        }
        return uri + " did not answer " + what + " within " + waited.toMillis() + " ms";
    }

    private static String shortText(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("[\\p{Cntrl}]", " ");
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}

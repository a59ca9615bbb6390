package org.mviot.edge.broker.local.internal;

import java.nio.ByteBuffer;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;

/**
 * The local broker's security, as a HiveMQ extension embedded in this bundle: every client logs in
 * ({@link BrokerCredentials}); anonymous clients and wrong logins are refused at CONNECT; the
 * gateway's own login may do everything; a local client may not use a {@link ReservedClientIds
 * reserved client id}, and gets HiveMQ default permissions that allow only the subscriptions and
 * publishes of {@link LanPermissions} and deny the rest (a denied publish is answered
 * "not authorized" and never delivered; a denied subscription gets a failure code in its SUBACK).
 *
 * <p>It also sizes each client's message queue at the broker. HiveMQ keeps at most 1,000 messages
 * per client by default (in flight included) and silently discards what comes on top, even for a
 * connected client that is merely busy: a burst of commands lost commands on their way to the
 * gateway and responses on their way back (HiveMQ's {@code event.message-dropped} debug log: "The
 * client message queue is full"). The gateway's own login gets {@link #GATEWAY_QUEUE}: it
 * acknowledges every command at once and answers the surplus with 429, so its queue holds only
 * what is on its way. A local client gets {@link #CLIENT_QUEUE}, enough for the answers to a burst
 * the gateway sends faster than a client acknowledges them, still bounded because a local client
 * that never reads keeps its queue in the gateway's memory.
 */
final class AccessControl implements ExtensionMain {

    /** Messages the broker holds for the gateway's own connection before it discards. */
    static final long GATEWAY_QUEUE = 20_000;
    /**
     * Messages the broker holds for one local client before it discards: twin updates and command
     * responses are under 1 KiB, so a client that stopped reading costs at most about 10 MB.
     */
    static final long CLIENT_QUEUE = 10_000;

    private final BrokerCredentials credentials;
    private final LanPermissions lan;
    private final ReservedClientIds reserved;
    private final RefusedConnections refused;

    /**
     * @param credentials the logins
     * @param lan         what local clients may do
     * @param reserved    client ids only the gateway may use
     * @param refused     where refusals are counted and told
     */
    AccessControl(BrokerCredentials credentials, LanPermissions lan, ReservedClientIds reserved, RefusedConnections refused) {
        this.credentials = credentials;
        this.lan = lan;
        this.reserved = reserved;
        this.refused = refused;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = this::authenticate;
        Services.securityRegistry().setAuthenticatorProvider(p -> authenticator);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // nothing registered outlives the broker
    }

    private void authenticate(SimpleAuthInput in, SimpleAuthOutput out) {
        ConnectPacket connect = in.getConnectPacket();
        String clientId = connect.getClientId();
        String user = connect.getUserName().orElse(null);
        byte[] password = connect.getPassword().map(AccessControl::bytes).orElse(null);
        if (user == null || password == null) {
            refused.refused(RefusedConnections.Reason.ANONYMOUS, clientId, user);
            out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "a user name and password are required");
            return;
        }
        switch (credentials.check(user, password)) {
            case GATEWAY -> {
                reserved.gatewayConnected(clientId);
                // no permissions at all: HiveMQ then allows everything without evaluating each of the
                // gateway's many publishes (its default with an empty list)
                out.getClientSettings().setClientQueueSizeMaximum(GATEWAY_QUEUE);
                out.authenticateSuccessfully();
            }
            case CLIENT -> {
                if (reserved.isReserved(clientId)) {
                    refused.refused(RefusedConnections.Reason.RESERVED_CLIENT_ID, clientId, user);
                    out.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "this client id is reserved for the gateway");
                    return;
                }
                grant(out.getDefaultPermissions());
                out.getClientSettings().setClientQueueSizeMaximum(CLIENT_QUEUE);
                out.authenticateSuccessfully();
            }
            default -> {
                refused.refused(RefusedConnections.Reason.BAD_LOGIN, clientId, user);
                out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong user name or password");
            }
        }
    }

    private void grant(ModifiableDefaultPermissions permissions) {
        for (String f : lan.read()) {
            permissions.add(Builders.topicPermission().topicFilter(f).type(TopicPermission.PermissionType.ALLOW)
                    .activity(TopicPermission.MqttActivity.SUBSCRIBE).build());
        }
        for (String f : lan.write()) {
            permissions.add(Builders.topicPermission().topicFilter(f).type(TopicPermission.PermissionType.ALLOW)
                    .activity(TopicPermission.MqttActivity.PUBLISH).build());
        }
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return a;
    }
}

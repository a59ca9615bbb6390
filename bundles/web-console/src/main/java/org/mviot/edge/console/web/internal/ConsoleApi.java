package org.mviot.edge.console.web.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.mviot.edge.console.web.internal.api.BundleApi;
import org.mviot.edge.console.web.internal.api.DescriptorApi;
import org.mviot.edge.console.web.internal.api.EventApi;
import org.mviot.edge.console.web.internal.api.FeatureApi;
import org.mviot.edge.console.web.internal.api.GatewayApi;
import org.mviot.edge.console.web.internal.api.LogApi;
import org.mviot.edge.console.web.internal.api.SessionApi;
import org.mviot.edge.console.web.internal.auth.LoginThrottle;
import org.mviot.edge.console.web.internal.auth.Sessions;
import org.mviot.edge.console.web.internal.events.ChangeFeed;
import org.mviot.edge.console.web.internal.events.StreamSlots;
import org.mviot.edge.console.web.internal.http.ApiDispatcher;
import org.mviot.edge.console.web.internal.http.Route;
import org.mviot.edge.core.console.GatewayConsole;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON API at {@code /api/v1/*}, registered with the HTTP Whiteboard: the routes of each resource behind the
 * {@link ApiDispatcher}'s checks (password set, session, CSRF token).
 */
@Component(service = Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/api/v1/*", "osgi.http.whiteboard.servlet.name=mviot-console-api",
        "osgi.http.whiteboard.servlet.asyncSupported=true"})
public final class ConsoleApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient ApiDispatcher dispatcher;
    private final transient ChangeFeed feed;
    private final transient StreamSlots slots;

    /**
     * @param core    the running core
     * @param context this bundle's context (framework properties)
     */
    @Activate
    public ConsoleApi(@Reference GatewayConsole core, BundleContext context) {
        ConsoleSettings settings = ConsoleSettings.of(context::getProperty);
        Sessions sessions = new Sessions(Clock.systemUTC(), settings.idle());
        SessionApi session = new SessionApi(sessions, new LoginThrottle(Clock.systemUTC()), settings.passwordFile());
        List<Route> routes = new ArrayList<>(session.routes());
        routes.addAll(new GatewayApi(core).routes());
        slots = new StreamSlots();
        feed = new ChangeFeed(core);
        routes.addAll(new EventApi(core, feed, slots, sessions).routes());
        routes.addAll(new DescriptorApi(core).routes());
        routes.addAll(new FeatureApi(context).routes());
        routes.addAll(new BundleApi(context, settings).routes());
        routes.addAll(new LogApi(context, slots, sessions).routes());
        dispatcher = new ApiDispatcher(settings, sessions, session.login(), routes);
    }

    /** Ends the open event streams. */
    @Deactivate
    void deactivate() {
        slots.close();
        feed.close();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        dispatcher.handle(req, resp);
    }
}

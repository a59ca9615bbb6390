package org.mviot.edge.api.twin;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Carries out commands on devices; provided by the core, used by the cloud link's downlink. Every
 * command completes with a {@link CommandResult}, never exceptionally.
 */
@ProviderType
public interface CommandService {

    /**
     * Authorizes, maps the twin path to a channel, checks and transforms the value, writes it, and
     * reads the channel back so the new value goes up as a normal update.
     *
     * @param command the command
     * @return the result, completed within the write timeout
     */
    CompletionStage<CommandResult> execute(Command command);
}

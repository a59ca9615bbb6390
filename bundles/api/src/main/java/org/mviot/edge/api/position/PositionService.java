package org.mviot.edge.api.position;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The gateway's position, registered by the position bundle (fixed from the profile, or GNSS). */
@ProviderType
public interface PositionService {

    /**
     * @return the latest known position, empty when none is known yet (no fix)
     */
    Optional<Position> position();
}

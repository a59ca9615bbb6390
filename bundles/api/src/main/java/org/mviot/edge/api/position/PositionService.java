package org.mviot.edge.api.position;

import java.util.Optional;

/** The gateway's position, registered by the position bundle (fixed from the profile, or GNSS). */
public interface PositionService {

    /**
     * @return the latest known position, empty when none is known yet (no fix)
     */
    Optional<Position> position();
}

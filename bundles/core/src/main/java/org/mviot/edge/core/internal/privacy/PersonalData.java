package org.mviot.edge.core.internal.privacy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import org.mviot.edge.api.twin.ThingId;
import org.mviot.edge.core.internal.descriptor.ChannelConfig;
import org.mviot.edge.core.internal.descriptor.PiiMode;
import org.mviot.edge.core.internal.pipeline.ValueGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link ValueGuard} of each channel marked {@code "pii"} in its descriptor, with the
 * gateway's two personal-data keys in the data directory, each 32 random bytes, owner-only (0600),
 * made at the first use:
 * <ul>
 * <li>{@value #HMAC_KEY} ({@code hash}): never leaves the gateway; the same value gives the same
 * token on every channel and every restart, so the cloud can count and join without seeing it.</li>
 * <li>{@value #CLOUD_KEY} ({@code encrypt}): the key the cloud holds to read the values. Provision
 * it before the first start (copy the cloud's key file there, mode 0600) or copy the one the
 * gateway made to the cloud. A shared symmetric key rather than a public key with ECIES: the JDK
 * has AES-GCM and nothing for ECIES-style sealing, and both ends are ours to provision.</li>
 * </ul>
 * A key that cannot be read or made never lets a value through: the channel is dropped, with an
 * error naming the file.
 */
public final class PersonalData {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalData.class);
    /** File name of the HMAC key of {@code hash} channels, in {@code <data>/core}. */
    public static final String HMAC_KEY = "pii-hmac.key";
    /** File name of the cloud's key of {@code encrypt} channels, in {@code <data>/core}. */
    public static final String CLOUD_KEY = "pii-cloud.key";

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private byte[] hmacKey;
    private byte[] cloudKey;

    /** @param dir where the key files are ({@code <data>/core}) */
    public PersonalData(Path dir) {
        this.dir = dir;
    }

    /**
     * @param thing   the channel's twin
     * @param channel the channel
     * @return its guard, or {@code null} when it is not personal data
     */
    public synchronized ValueGuard guard(ThingId thing, ChannelConfig channel) {
        PiiMode mode = channel.pii();
        if (mode == null) {
            return null;
        }
        if (mode == PiiMode.DROP) {
            return DropGuard.INSTANCE;
        }
        Path file = dir.resolve(mode == PiiMode.HASH ? HMAC_KEY : CLOUD_KEY);
        try {
            if (mode == PiiMode.HASH) {
                if (hmacKey == null) {
                    hmacKey = SecretKeyFile.readOrCreate(file, random, "personal-data HMAC");
                }
                return new HashGuard(hmacKey);
            }
            if (cloudKey == null) {
                cloudKey = SecretKeyFile.readOrCreate(file, random, "personal-data cloud");
            }
            return new EncryptGuard(cloudKey, thing + "/" + channel.feature() + "/" + channel.path(), random);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.error("channel {} of {} is personal data ({}), but its key {} cannot be used ({}): its values are dropped", channel.spec().name(),
                    thing, mode.descriptorName(), file, e.toString());
            return DropGuard.INSTANCE;
        }
    }
}

package org.mviot.edge.core.internal.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a descriptor file as the gateway does, for the directory watcher and {@code mviot-edge check} alike: at most
 * {@link DescriptorLimits#MAX_FILE_BYTES} (a larger file is refused by its size, unread), as strict UTF-8.
 */
public final class DescriptorFile {

    private DescriptorFile() {
    }

    /**
     * @param p      the file
     * @param origin its name in messages
     * @return its text
     * @throws DescriptorException naming the file when it is too large, unreadable or not UTF-8
     */
    public static String read(Path p, String origin) throws DescriptorException {
        try {
            long size = Files.size(p);
            if (size > DescriptorLimits.MAX_FILE_BYTES) {
                throw problem(origin, "the file has " + size + " bytes, over the limit of " + DescriptorLimits.MAX_FILE_BYTES
                        + " bytes (1 MiB) for a device descriptor; it was not read");
            }
        } catch (IOException e) {
            throw problem(origin, "cannot read the file: " + e);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(p)) {
            // at most the limit and one byte: the file may grow after its size was looked at
            bytes = in.readNBytes((int) DescriptorLimits.MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw problem(origin, "cannot read the file: " + e);
        }
        if (bytes.length > DescriptorLimits.MAX_FILE_BYTES) {
            throw problem(origin, "the file has more than " + DescriptorLimits.MAX_FILE_BYTES + " bytes, over the limit of "
                    + DescriptorLimits.MAX_FILE_BYTES + " bytes (1 MiB) for a device descriptor; it was not read");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw problem(origin, "cannot read the file: it is not UTF-8 text (" + e + ")");
        }
    }

    private static DescriptorException problem(String origin, String message) {
        return new DescriptorException(List.of(new DescriptorProblem(origin, "$", message)));
    }
}

package org.mviot.edge.driver.modbus.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mviot.edge.driver.modbus.internal.codec.Mbap;
import org.mviot.edge.driver.modbus.internal.codec.ModbusExceptionResponse;
import org.mviot.edge.driver.modbus.internal.codec.ModbusProtocolException;
import org.mviot.edge.driver.modbus.internal.codec.Pdu;
import org.mviot.edge.driver.modbus.internal.fuzz.FuzzFrames;

/**
 * Fuzzing of the Modbus TCP receive path as the driver runs it ({@link TcpEndpoint} over a real
 * loopback socket, then the PDU check): a server on 127.0.0.1 answers the request with fuzzed bytes —
 * random, or an MBAP header carrying the request's transaction id and a fuzzed PDU — and closes.
 * Whatever it sends ends as a PDU or as the codec's exceptions ({@link ModbusProtocolException},
 * {@link ModbusExceptionResponse}), an {@link EOFException} when the server closed mid-frame, or a
 * {@link SocketTimeoutException}. Tries: {@code jqwik.tries.default}; more with {@code -Djqwik.tries.default=100000}.
 */
class TcpResponseFuzzTest {

    @Provide
    Arbitrary<byte[]> requests() {
        return FuzzFrames.requests();
    }

    /** A PDU from the corpus, mutated or random, behind a header that answers the request, or raw random bytes. */
    @Provide
    Arbitrary<Answer> answers() {
        Arbitrary<byte[]> pdus = FuzzFrames.responses().map(rtu -> rtu.length > 3 ? java.util.Arrays.copyOfRange(rtu, 1, rtu.length - 2) : rtu);
        return Arbitraries.oneOf(pdus.map(p -> new Answer(true, p)), Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> new Answer(false, b)));
    }

    /** What the server sends: a fuzzed PDU framed with the request's header, or raw bytes. */
    record Answer(boolean framed, byte[] bytes) {
    }

    @Property
    void whateverAServerAnswersEndsAsAPduOrTheCodecsExceptions(@ForAll("requests") byte[] request, @ForAll("answers") Answer answer)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> serve(server, answer), "fuzz-peer");
            peer.setDaemon(true);
            peer.start();
            TcpEndpoint endpoint = new TcpEndpoint("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2));
            try {
                byte[] pdu = endpoint.request(1, request, Duration.ofSeconds(2));
                assertThat(pdu.length).isBetween(1, Mbap.MAX_PDU);
                Pdu.check(request, pdu);
            } catch (ModbusProtocolException | ModbusExceptionResponse | EOFException | SocketTimeoutException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } finally {
                endpoint.disconnect("fuzz try done");
                peer.join(5_000);
            }
        }
    }

    private static void serve(ServerSocket server, Answer answer) {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[Mbap.HEADER];
            in.readFully(header);
            in.readFully(new byte[((header[4] & 0xFF) << 8 | (header[5] & 0xFF)) - 1]);
            OutputStream out = s.getOutputStream();
            if (answer.framed() && answer.bytes().length > 0 && answer.bytes().length <= Mbap.MAX_PDU) {
                byte[] frame = Mbap.encode(((header[0] & 0xFF) << 8) | (header[1] & 0xFF), header[6] & 0xFF, answer.bytes());
                out.write(frame);
            } else {
                out.write(answer.bytes());
            }
            out.flush();
            s.shutdownOutput();
        } catch (IOException e) {
            // the client gave up first: nothing to answer
        }
    }
}

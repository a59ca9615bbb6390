package org.mviot.edge.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.AutoCipher;
import org.mviot.edge.it.support.GatewayProcess;

/**
 * A hardware profile's {@code queue.encrypt}/{@code queue.cipher} reach the cloud link through the
 * launcher: the built distribution on {@code generic-linux} (encrypt on, cipher auto) seals its
 * queue with the cipher this CPU and the profile's JIT are fast at, says so in the birth message, and makes its key
 * owner-only; the sim profile (off) does not.
 */
public class QueueSealingProfileProcessTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private MosquittoBroker broker;
    private MqttRecorder cloud;
    private GatewayProcess gateway;

    @Before
    public void start() throws Exception {
        broker = MosquittoBroker.start(tmp.newFolder("mosquitto").toPath());
        cloud = new MqttRecorder(broker.uri(), "cloud-sealing", "mviot/+/state");
    }

    @After
    public void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.terminate();
                gateway.close();
            }
        } finally {
            try {
                cloud.close();
            } finally {
                broker.close();
            }
        }
    }

    private Path run(String id, String profile) throws Exception {
        Path work = tmp.newFolder(id).toPath();
        GatewayProcess p = GatewayProcess.exec(GatewayProcess.distroHome(), work, "provision", "--id", id, "--broker", broker.uri(),
                "--profile", profile);
        assertThat(p.awaitExit()).as(p.output()).isZero();
        gateway = GatewayProcess.start(GatewayProcess.distroHome(), work, Map.of(), "run");
        gateway.awaitStdout(DistroGateway.READY);
        return work;
    }

    private String birth(String id) throws InterruptedException {
        List<MqttRecorder.Received> got = cloud.await("the birth message of " + id,
                r -> r.stream().anyMatch(m -> m.topic().equals("mviot/" + id + "/state") && m.payload().contains("\"sealing\":")));
        return got.stream().filter(m -> m.topic().equals("mviot/" + id + "/state") && m.payload().contains("\"sealing\":"))
                .findFirst().orElseThrow().payload();
    }

    @Test
    public void aHardwareProfileSealsTheQueueWithTheCipherThisCpuIsFastAtAndMakesItsKeyOwnerOnly() throws Exception {
        Path work = run("gw-generic", "generic-linux");
        assertThat(birth("gw-generic")).contains("\"sealing\":\"" + AutoCipher.of("generic-linux") + "\"");
        Path key = work.resolve("data/cloud-mqtt/queue.key");
        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.exists(work.resolve("data/cloud-mqtt/queue.nonce"))).isTrue();
    }

    @Test
    public void theSimProfileLeavesTheQueueInClear() throws Exception {
        Path work = run("gw-sim", "sim");
        assertThat(birth("gw-sim")).contains("\"sealing\":\"off\"");
        assertThat(Files.exists(work.resolve("data/cloud-mqtt/queue.key"))).isFalse();
    }
}

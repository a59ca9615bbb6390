package org.mviot.edge.it.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mviot.edge.it.support.GatewayProcess.distroHome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.mviot.edge.it.support.GatewayProcess;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The shipped JSON Schema (the core's with each driver's fragment, from the distribution's {@code schema/}) and the
 * gateway's own validation ({@code mviot-edge check}) agree: every example descriptor in the READMEs, the docs and the
 * shipped demo devices passes both, and each of a set of good and bad descriptors is accepted or refused by both.
 */
public class DescriptorSchemaAgreementTest {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static Schema schema;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void loadTheShippedSchema() {
        Path dir = distroHome().resolve("schema");
        String base = dir.toUri().toString();
        // the core's schema and the drivers' fragments it refers to by relative name, read from the distribution; nothing else is loaded
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaLoader(l -> l.resourceLoaders(r -> r.resources((String iri) -> shipped(base, dir, iri)))))
                .getSchema(SchemaLocation.of(dir.resolve("device-descriptor.schema.json").toUri().toString()));
    }

    private static String shipped(String base, Path dir, String iri) {
        if (!iri.startsWith(base)) {
            return null;
        }
        try {
            return Files.readString(dir.resolve(iri.substring(base.length())));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static List<Error> schemaErrors(String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    /** Every whole descriptor (a JSON block with a driver and channels) in the repository's Markdown, and the demo devices. */
    private static Map<String, String> examples() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        List<Path> docs = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> s = Files.walk(REPO, 4)) {
            s.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/target/") && !p.toString().contains("/.")).forEach(docs::add);
        }
        for (Path doc : docs.stream().distinct().toList()) {
            String text = Files.readString(doc);
            Matcher m = JSON_BLOCK.matcher(text);
            while (m.find()) {
                String block = m.group(1);
                if (block.contains("\"driver\"") && block.contains("\"channels\"")) {
                    int line = text.substring(0, m.start()).split("\n", -1).length;
                    out.put(REPO.relativize(doc) + ":" + line, block);
                }
            }
        }
        try (Stream<Path> s = Files.walk(REPO.resolve("bundles/driver-sim/src/main/resources/demo"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                out.put(REPO.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }

    /** Writes each descriptor to its own file and checks them all in one run of the gateway's check. */
    private Map<String, List<String>> gatewayProblems(Map<String, String> descriptors) throws Exception {
        Path work = tmp.newFolder().toPath();
        Path dir = Files.createDirectories(work.resolve("files"));
        Map<String, Path> files = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> e : descriptors.entrySet()) {
            Path f = dir.resolve("d" + i++ + ".json");
            Files.writeString(f, e.getValue());
            files.put(e.getKey(), f);
        }
        // the docs' GPIO examples use positions of the Raspberry Pi's 40-pin header, which the sim board does not have
        List<String> args = new ArrayList<>(List.of("check", "--profile", "raspberry-pi-4"));
        files.values().forEach(f -> args.add(f.toString()));
        GatewayProcess check = GatewayProcess.exec(distroHome(), work, args.toArray(new String[0]));
        Map<String, List<String>> out = new LinkedHashMap<>();
        files.forEach((name, f) -> out.put(name, check.stdoutLines().stream()
                .filter(l -> l.startsWith("  " + f + ": ")).toList()));
        assertThat(check.stdoutLines()).as(check.output()).anyMatch(l -> l.startsWith("device descriptors: " + files.size() + " checked"));
        return out;
    }

    @Test
    public void everyExampleDescriptorInTheDocsAndTheDemoDevicesIsValidForTheSchemaAndTheGateway() throws Exception {
        Map<String, String> examples = examples();
        assertThat(examples.keySet()).as("examples found").hasSizeGreaterThan(10)
                .anyMatch(k -> k.startsWith("bundles/core/README.md:")).anyMatch(k -> k.startsWith("docs/drivers.md:"));
        examples.forEach((where, json) -> assertThat(schemaErrors(json)).as("schema errors of %s", where).isEmpty());
        // the examples are independent documents: two of them may well name the same device or twin
        gatewayProblems(examples).forEach((where, problems) -> assertThat(problems).as("gateway problems of %s", where)
                .allMatch(p -> p.contains("is already defined by") || p.contains("is already the twin of")));
    }

    private static int ids;

    private static String modbus(String connection, String address) {
        return "{\"id\": \"m" + ids++ + "\", \"driver\": \"modbus\", \"connection\": {" + connection + "}, \"channels\": [{\"name\": \"c\","
                + " \"type\": \"integer\", \"poll\": \"1s\", \"address\": {" + address + "}}]}";
    }

    private static String sim(String channel) {
        return "{\"id\": \"s" + ids++ + "\", \"driver\": \"sim\", \"channels\": [{\"name\": \"c\", " + channel + "}]}";
    }

    @Test
    public void theSchemaAndTheGatewayAcceptAndRefuseTheSameDescriptors() throws Exception {
        Map<String, String> good = new LinkedHashMap<>();
        good.put("modbus, port as a number", modbus("\"host\": \"127.0.0.1\", \"port\": 1502, \"unit\": 3", "\"table\": \"holding\", \"register\": 7"));
        good.put("modbus, port as text", modbus("\"host\": \"plc\", \"port\": \"502\", \"timeout\": \"300ms\"", "\"table\": \"input\", \"register\": \"0\""));
        good.put("sim, access read-write", sim("\"type\": \"double\", \"access\": \"read-write\", \"poll\": \"1s\", \"address\": {\"signal\": \"setpoint\"}"));
        good.put("sim, access read_write", sim("\"type\": \"double\", \"access\": \"read_write\", \"poll\": 500, \"address\": {\"signal\": \"setpoint\"}"));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("modbus, connection key typo", modbus("\"host\": \"plc\", \"unti\": 1", "\"table\": \"holding\", \"register\": 7"));
        bad.put("modbus, port not a number", modbus("\"host\": \"plc\", \"port\": \"abc\"", "\"table\": \"holding\", \"register\": 7"));
        bad.put("modbus, register out of range", modbus("\"host\": \"plc\"", "\"table\": \"holding\", \"register\": 70000"));
        bad.put("modbus, address key typo", modbus("\"host\": \"plc\"", "\"table\": \"holding\", \"registr\": 7"));
        bad.put("sim, address key typo", sim("\"type\": \"double\", \"poll\": \"1s\", \"address\": {\"signal\": \"sine\", \"amplitud\": 2}"));
        bad.put("sim, connection latency not a duration", "{\"id\": \"s\", \"driver\": \"sim\", \"connection\": {\"latency\": \"soon\"},"
                + " \"channels\": [{\"name\": \"c\", \"type\": \"double\", \"poll\": \"1s\"}]}");
        bad.put("sim, no address", sim("\"type\": \"double\", \"poll\": \"2s\""));
        bad.put("sim, unknown signal", sim("\"type\": \"double\", \"poll\": \"2s\", \"address\": {\"signal\": \"sawtooth\"}"));
        bad.put("unknown channel type", sim("\"type\": \"integr\", \"poll\": \"1s\""));
        bad.put("unknown access", sim("\"type\": \"double\", \"access\": \"readonly\", \"poll\": \"1s\""));
        bad.put("unknown top-level field", "{\"id\": \"s\", \"driver\": \"sim\", \"drver\": \"x\", \"channels\": [{\"name\": \"c\", \"type\": \"double\", \"poll\": \"1s\"}]}");
        bad.put("no channels", "{\"id\": \"s\", \"driver\": \"sim\", \"channels\": []}");
        bad.put("a comment", "{\"id\": \"s\", \"driver\": \"sim\", // note\n \"channels\": [{\"name\": \"c\", \"type\": \"double\", \"poll\": \"1s\"}]}");

        Map<String, String> all = new LinkedHashMap<>(good);
        all.putAll(bad);
        Map<String, List<String>> gateway = gatewayProblems(all);
        for (String name : good.keySet()) {
            assertThat(schemaErrors(good.get(name))).as("schema errors of good descriptor '%s'", name).isEmpty();
            assertThat(gateway.get(name)).as("gateway problems of good descriptor '%s'", name).isEmpty();
        }
        for (String name : bad.keySet()) {
            if (!name.equals("a comment")) { // not JSON at all: no JSON Schema validator reads it
                assertThat(schemaErrors(bad.get(name))).as("schema errors of bad descriptor '%s'", name).isNotEmpty();
            }
            assertThat(gateway.get(name)).as("gateway problems of bad descriptor '%s'", name).isNotEmpty();
        }
    }
}

package org.mviot.edge.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCatalogTest {

    @TempDir
    Path dir;
    Path features;
    Path system;

    @BeforeEach
    void distribution() throws Exception {
        features = Files.createDirectories(dir.resolve("features"));
        system = Files.createDirectories(dir.resolve("system"));
        for (String jar : List.of("a.jar", "b.jar", "c.jar")) {
            Files.writeString(system.resolve(jar), "jar");
        }
        feature("runtime", "bundles=a.jar\n");
        feature("core", "requires=runtime\nbundles=b.jar\n");
        feature("sim", "requires=core\nbundles=c.jar,b.jar\n");
    }

    @Test
    void resolvesRequiredFeaturesFirstAndEachBundleOnce() throws Exception {
        FeatureCatalog c = FeatureCatalog.read(features, system);
        List<Feature> resolved = c.resolve(List.of("sim", "runtime"), "test");
        assertThat(resolved).extracting(Feature::name).containsExactly("runtime", "core", "sim");
        assertThat(FeatureCatalog.bundlesOf(resolved)).extracting(p -> p.getFileName().toString())
                .containsExactly("a.jar", "b.jar", "c.jar");
    }

    @Test
    void unknownFeatureNamesWhoAskedForItAndWhatExists() throws Exception {
        FeatureCatalog c = FeatureCatalog.read(features, system);
        assertThatThrownBy(() -> c.resolve(List.of("modbus"), "profile x.properties"))
                .hasMessageContaining("profile x.properties: unknown feature 'modbus'")
                .hasMessageContaining("core, runtime, sim");
    }

    @Test
    void aFeatureNamingAMissingJarIsRejectedAtRead() throws Exception {
        feature("broken", "bundles=nowhere.jar\n");
        assertThatThrownBy(() -> FeatureCatalog.read(features, system))
                .hasMessageContaining("broken.feature: field 'bundles' names 'nowhere.jar'");
    }

    @Test
    void aFeatureMarkedStartAfterReadyStartsAfterTheFeaturesTheGatewayNeeds() throws Exception {
        feature("console", "requires=core\nbundles=c.jar\nstart=after-ready\n");
        FeatureCatalog c = FeatureCatalog.read(features, system);
        assertThat(c.all().get("console").start()).isEqualTo(FeatureStart.AFTER_READY);
        assertThat(c.all().get("core").start()).as("the default").isEqualTo(FeatureStart.WITH_GATEWAY);

        StartPlan plan = StartPlan.of(c.resolve(List.of("console"), "test"));
        assertThat(plan.withGateway()).extracting(Feature::name).containsExactly("runtime", "core");
        assertThat(plan.afterReady()).extracting(Feature::name).containsExactly("console");
        assertThat(plan.bundlesWithGateway()).extracting(p -> p.getFileName().toString()).containsExactly("a.jar", "b.jar");
        assertThat(plan.bundlesAfterReady(plan.afterReady().get(0))).extracting(p -> p.getFileName().toString()).containsExactly("c.jar");
    }

    @Test
    void anAfterReadyFeatureThatAFeatureOfTheGatewayRequiresStartsWithTheGateway() throws Exception {
        feature("clock", "requires=core\nbundles=c.jar\nstart=after-ready\n");
        feature("position", "requires=clock\nbundles=c.jar\nstart=after-ready\n");
        feature("stamping", "requires=position\nbundles=b.jar\n");
        FeatureCatalog c = FeatureCatalog.read(features, system);

        StartPlan plan = StartPlan.of(c.resolve(List.of("stamping"), "test"));
        assertThat(plan.withGateway()).extracting(Feature::name).containsExactly("runtime", "core", "clock", "position", "stamping");
        assertThat(plan.afterReady()).isEmpty();
    }

    @Test
    void aBundleThatAFeatureOfTheGatewayStartsIsNotStartedAgainAfterReady() throws Exception {
        feature("console", "requires=core\nbundles=b.jar,c.jar\nstart=after-ready\n");
        StartPlan plan = StartPlan.of(FeatureCatalog.read(features, system).resolve(List.of("console"), "test"));
        assertThat(plan.bundlesAfterReady(plan.afterReady().get(0))).extracting(p -> p.getFileName().toString()).containsExactly("c.jar");
    }

    @Test
    void anUnknownStartValueIsAnErrorNamingTheFileTheFieldAndTheAllowedValues() throws Exception {
        feature("console", "bundles=c.jar\nstart=later\n");
        assertThatThrownBy(() -> FeatureCatalog.read(features, system))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("console.feature: field 'start' is 'later', expected one of with-gateway, after-ready");
    }

    @Test
    void aStartValueWithControlCharactersIsQuotedBoundedAndEscaped() throws Exception {
        feature("console", "bundles=c.jar\nstart=after-ready\\u001b[2J" + "x".repeat(500) + "\n");
        assertThatThrownBy(() -> FeatureCatalog.read(features, system))
                .hasMessageContaining("field 'start' is 'after-ready?[2Jxxx")
                .hasMessageNotContaining("\u001b")
                .hasMessageNotContaining("x".repeat(100));
    }

    @Test
    void requirementCyclesAreReported() throws Exception {
        feature("x", "requires=y\nbundles=a.jar\n");
        feature("y", "requires=x\nbundles=a.jar\n");
        FeatureCatalog c = FeatureCatalog.read(features, system);
        assertThatThrownBy(() -> c.resolve(List.of("x"), "test")).hasMessageContaining("forms a cycle");
    }

    @Test
    void installPlacesBundlesAndDefaultConfigurationInDeployAndSkipsProfileFeatures() throws Exception {
        Files.createDirectories(features.resolve("sim"));
        Files.writeString(features.resolve("sim/org.example.sim.cfg"), "rate=10\n");
        Path deploy = dir.resolve("deploy");
        FeatureInstaller installer = new FeatureInstaller(FeatureCatalog.read(features, system), deploy);
        installer.install("sim", Set.of("runtime"));
        assertThat(deploy.resolve("a.jar")).doesNotExist();
        assertThat(deploy.resolve("b.jar")).exists();
        assertThat(deploy.resolve("c.jar")).exists();
        assertThat(deploy.resolve("org.example.sim.cfg")).hasContent("rate=10");
        assertThat(installer.isDeployed("sim")).isTrue();

        installer.uninstall("sim");
        assertThat(deploy.resolve("c.jar")).doesNotExist();
        assertThat(deploy.resolve("org.example.sim.cfg")).as("the installer's configuration stays").exists();
    }

    @Test
    void installingAFeatureTheProfileStartsIsRefused() throws Exception {
        FeatureInstaller installer = new FeatureInstaller(FeatureCatalog.read(features, system), dir.resolve("deploy"));
        assertThatThrownBy(() -> installer.install("core", Set.of("runtime", "core")))
                .hasMessageContaining("already started by the hardware profile");
    }

    private void feature(String name, String body) throws Exception {
        Files.writeString(features.resolve(name + ".feature"), "description=" + name + "\n" + body);
    }
}

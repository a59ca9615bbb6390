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

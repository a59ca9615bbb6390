package org.mviot.edge.launcher.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered status of distribution jars: a jar replaced by an older or other one is noticed after a restart. */
class InstalledJarsTest {

    @TempDir
    Path dir;

    private Path jar() throws Exception {
        return Files.write(Files.createDirectories(dir.resolve("system")).resolve("core.jar"), new byte[] {1, 2, 3});
    }

    private InstalledJars rememberedAtAnEarlierRun(Path jar) throws Exception {
        InstalledJars earlier = InstalledJars.load(dir);
        earlier.remember(jar);
        earlier.save();
        return InstalledJars.load(dir);
    }

    @Test
    void anUnchangedJarIsNotReportedAndAJarWithoutAnEntryNeither() throws Exception {
        Path jar = jar();
        assertThat(InstalledJars.load(dir).changedSinceRemembered(jar)).isFalse();
        InstalledJars later = rememberedAtAnEarlierRun(jar);
        assertThat(later.unusedBecause()).isNull();
        assertThat(later.changedSinceRemembered(jar)).isFalse();
    }

    @Test
    void aJarReplacedByAnOlderOneIsReportedChanged() throws Exception {
        Path jar = jar();
        FileTime before = Files.getLastModifiedTime(jar);
        InstalledJars later = rememberedAtAnEarlierRun(jar);
        // a distribution copied over with its times kept: same name, older time
        Files.write(jar, new byte[] {9, 9, 9});
        Files.setLastModifiedTime(jar, FileTime.from(before.toInstant().minus(Duration.ofDays(3))));

        assertThat(later.changedSinceRemembered(jar)).isTrue();
    }

    @Test
    void aJarOfAnotherSizeIsReportedChanged() throws Exception {
        Path jar = jar();
        FileTime before = Files.getLastModifiedTime(jar);
        InstalledJars later = rememberedAtAnEarlierRun(jar);
        Files.write(jar, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(jar, before);

        assertThat(later.changedSinceRemembered(jar)).isTrue();
    }

    @Test
    void aJarRewrittenWithTheSameSizeAndTimeIsReportedChanged() throws Exception {
        // a rebuild with the reproducible build's fixed timestamps: same name, same time, maybe the same size
        Path jar = jar();
        FileTime before = Files.getLastModifiedTime(jar);
        InstalledJars later = rememberedAtAnEarlierRun(jar);
        Files.write(jar, new byte[] {3, 2, 1});
        Files.setLastModifiedTime(jar, before);

        assertThat(later.changedSinceRemembered(jar)).isTrue();
    }

    @Test
    void aMalformedFileIsIgnoredSayingWhereAndWrittenAnew() throws Exception {
        Path jar = jar();
        Files.writeString(dir.resolve(InstalledJars.FILE), "12:not-a-time:0:1 /x.jar\n");
        InstalledJars broken = InstalledJars.load(dir);
        assertThat(broken.unusedBecause()).contains(InstalledJars.FILE).contains("line 1 is malformed");
        assertThat(broken.changedSinceRemembered(jar)).isFalse();

        broken.remember(jar);
        broken.save();
        assertThat(InstalledJars.load(dir).unusedBecause()).isNull();
    }
}

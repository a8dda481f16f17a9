package org.kvlab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders report.html in headless Chromium; skipped, saying so, where Chromium is not installed. */
final class HtmlScreenshotTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static String chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1200,1600"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish");
        }
        return out;
    }

    @Test
    void reportHtml_rendersItsChartsInHeadlessChromium(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            System.out.println("HtmlScreenshotTest skipped: " + CHROMIUM + " is not installed");
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed");
        ReportWriter.writeAll(SampleReports.redisPipelines(), dir);
        String url = dir.resolve("report.html").toUri().toString();
        Path png = dir.resolve("report.png");

        chromium(Files.createDirectory(dir.resolve("profile1")), "--screenshot=" + png, url);
        String dom = chromium(Files.createDirectory(dir.resolve("profile2")), "--dump-dom", url);

        assertTrue(Files.size(png) > 30_000, "screenshot is only " + Files.size(png) + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertTrue(pixelsOf(image, 0x4e79a7) > 500, "the first series' bars are not on the screenshot");
        assertTrue(pixelsOf(image, 0xf28e2b) > 500, "the second series' bars are not on the screenshot");
        Matcher charts = Pattern.compile("<svg [^>]*class=\"chart\"[^>]*id=\"([a-z-]+)\"").matcher(dom);
        List<String> ids = new ArrayList<>();
        while (charts.find()) {
            ids.add(charts.group(1));
        }
        assertEquals(List.of("chart-syscalls-server", "chart-syscalls-client", "chart-throughput", "chart-latency"),
                ids);
        int bars = dom.split("<rect class=\"bar\"", -1).length - 1;
        assertTrue(bars >= 20, bars + " bars in the DOM");
    }

    private static int pixelsOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}

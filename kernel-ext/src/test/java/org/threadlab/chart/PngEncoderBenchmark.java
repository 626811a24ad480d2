package org.threadlab.chart;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.threadlab.record.Recording;
import org.threadlab.record.Recordings;

/**
 * Draw and encode time of a chart, PngEncoder against ImageIO's PNG writer, alternating. Not a test.
 * {@code java -Djava.awt.headless=true -cp …test classpath… org.threadlab.chart.PngEncoderBenchmark [runs]}
 */
public final class PngEncoderBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Recording r = Recordings.onePerState();
        compare("lanes", new ThreadChart(), r, runs);
        compare("aggregated", new ThreadChart(ThreadChart.Options.defaults().withMaxLanes(1)), r, runs);
    }

    private static void compare(String what, ThreadChart chart, Recording r, int runs) throws Exception {
        double[] draw = new double[runs];
        double[] imageio = new double[runs];
        double[] ours = new double[runs];
        int sizeIo = 0;
        int sizeOurs = 0;
        for (int i = -30; i < runs; i++) {
            long a = System.nanoTime();
            BufferedImage img = chart.image(r);
            long b = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            long c = System.nanoTime();
            byte[] png = PngEncoder.encode(img);
            long d = System.nanoTime();
            if (i >= 0) {
                draw[i] = (b - a) / 1e6;
                imageio[i] = (c - b) / 1e6;
                ours[i] = (d - c) / 1e6;
                sizeIo = out.size();
                sizeOurs = png.length;
            }
        }
        System.out.printf(Locale.ROOT, "%s chart %dx%d: draw %s; ImageIO %s (%d bytes); PngEncoder %s (%d bytes)%n",
                what, chart.layout(r).width() * 2, chart.layout(r).height() * 2, stats(draw), stats(imageio), sizeIo,
                stats(ours), sizeOurs);
    }

    private static String stats(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "median %.2f ms [%.2f-%.2f]", s[s.length / 2], s[0], s[s.length - 1]);
    }
}

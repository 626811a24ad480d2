package org.threadlab.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.threadlab.record.Recordings;

/** Every pixel survives the round trip through ImageIO's reader, whichever colour mode the encoder picks. */
class PngEncoderTest {

    private static void assertSamePixels(BufferedImage expected) throws Exception {
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(expected)));
        assertNotNull(back, "not a PNG ImageIO can read");
        assertEquals(expected.getWidth(), back.getWidth());
        assertEquals(expected.getHeight(), back.getHeight());
        int w = expected.getWidth();
        int h = expected.getHeight();
        int[] want = expected.getRGB(0, 0, w, h, null, 0, w);
        int[] got = back.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < want.length; i++) {
            want[i] |= 0xFF000000;
        }
        assertArrayEquals(want, got);
    }

    @Test
    void aChartWithAnyStateAndAntialiasedTextComesBackPixelForPixel() throws Exception {
        assertSamePixels(new ThreadChart().image(Recordings.onePerState()));
    }

    @Test
    void moreThan256ColoursFallBackToTruecolourLosslessly() throws Exception {
        BufferedImage img = new BufferedImage(300, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 300; x++) {
                img.setRGB(x, y, (x * 0x010203 + y * 0x030100) & 0xFFFFFF); // thousands of colours; rows differ
            }
        }
        assertSamePixels(img);
    }

    @Test
    void exactly256ColoursStayIndexedAnd257DoNot() throws Exception {
        for (int n : new int[] {256, 257}) {
            BufferedImage img = new BufferedImage(n, 3, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < n; x++) {
                img.setRGB(x, 0, x * 0x10101 + (x == 256 ? 0x1234 : 0));
                img.setRGB(x, 1, x * 0x10101 + (x == 256 ? 0x1234 : 0)); // a repeated row: the "up" filter
                img.setRGB(x, 2, 0); // a colour already counted
            }
            assertSamePixels(img);
            int colourType = PngEncoder.encode(img)[8 + 8 + 9]; // IHDR data starts after signature and chunk head
            assertEquals(n <= 256 ? 3 : 2, colourType, n + " colours");
        }
    }

    @Test
    void imagesNotBackedByAnIntRasterAndTinyOnesEncodeToo() throws Exception {
        BufferedImage abgr = new BufferedImage(17, 5, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = abgr.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(2, 1, 9, 3);
        g.dispose();
        assertSamePixels(abgr);
        assertSamePixels(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        BufferedImage sub = new ThreadChart().image(Recordings.onePerState()).getSubimage(10, 10, 50, 20);
        assertSamePixels(sub); // a sub-image shares a larger raster: read through getRGB
    }
}

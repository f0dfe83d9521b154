package dev.jitrl.host.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws success rate against episode index, one line per mode, as a PNG (Java2D, no display needed). */
public final class LearningCurveChart {
  private static final int W = 720;
  private static final int H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 160;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final Color[] COLORS = {new Color(0x77, 0x77, 0x77), new Color(0x1f, 0x6f, 0xd1),
      new Color(0xd1, 0x5f, 0x1f), new Color(0x2a, 0x9d, 0x4a)};

  private LearningCurveChart() {}

  /** Writes the chart of these summaries to {@code file}. */
  public static void write(List<ModeSummary> summaries, int episodes, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      int plotW = W - LEFT - RIGHT;
      int plotH = H - TOP - BOTTOM;
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.setColor(Color.BLACK);
      g.drawString(title, LEFT, 25);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i <= 4; i++) {
        double v = i / 4.0;
        int y = TOP + plotH - (int) Math.round(v * plotH);
        g.setColor(new Color(0xe6, 0xe6, 0xe6));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("%.2f", v), LEFT - 40, y + 4);
      }
      for (int e = 1; e <= episodes; e++) {
        int x = xOf(e, episodes, plotW);
        g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
        g.drawString(Integer.toString(e), x - 3, TOP + plotH + 18);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, plotW, plotH);
      g.drawString("episode index", LEFT + plotW / 2 - 40, H - 18);
      g.rotate(-Math.PI / 2);
      g.drawString("success rate", -(TOP + plotH / 2 + 35), 18);
      g.rotate(Math.PI / 2);
      for (int m = 0; m < summaries.size(); m++) {
        ModeSummary s = summaries.get(m);
        g.setColor(COLORS[m % COLORS.length]);
        g.setStroke(new BasicStroke(2.5f));
        int px = -1;
        int py = -1;
        for (int e = 1; e <= s.successByEpisode().size(); e++) {
          int x = xOf(e, episodes, plotW);
          int y = TOP + plotH - (int) Math.round(s.successByEpisode().get(e - 1) * plotH);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          g.fillOval(x - 4, y - 4, 8, 8);
          px = x;
          py = y;
        }
        int ly = TOP + 20 + m * 22;
        g.drawLine(LEFT + plotW + 15, ly - 4, LEFT + plotW + 40, ly - 4);
        g.setColor(Color.BLACK);
        g.drawString(s.mode() + String.format(" (avg %.2f)", s.avg()), LEFT + plotW + 45, ly);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static int xOf(int episode, int episodes, int plotW) {
    if (episodes <= 1) {
      return LEFT + plotW / 2;
    }
    return LEFT + (int) Math.round((episode - 1) * (plotW - 20) / (double) (episodes - 1)) + 10;
  }
}

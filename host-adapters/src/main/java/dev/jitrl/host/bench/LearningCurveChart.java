package dev.jitrl.host.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Success rate against episode index, one line per mode, drawn by JFreeChart: as a PNG (the README and docs embed
 * it) and as an SVG element that the HTML report embeds, so that a browser can zoom it without blur. Both come
 * from the same chart, so they always agree.
 */
public final class LearningCurveChart {
  public static final int WIDTH = 720;
  public static final int HEIGHT = 420;
  private static final Color[] COLORS = {new Color(0x77, 0x77, 0x77), new Color(0x1f, 0x6f, 0xd1),
      new Color(0xd1, 0x5f, 0x1f), new Color(0x2a, 0x9d, 0x4a)};

  private final JFreeChart chart;

  private LearningCurveChart(JFreeChart chart) {
    this.chart = chart;
  }

  /** The chart of these summaries over {@code episodes} episodes. */
  public static LearningCurveChart of(List<ModeSummary> summaries, int episodes, String title) {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    for (ModeSummary s : summaries) {
      XYSeries series = new XYSeries(s.mode() + String.format(Locale.ROOT, " (avg %.2f)", s.avg()));
      for (int e = 1; e <= s.successByEpisode().size(); e++) {
        series.add(e, s.successByEpisode().get(e - 1));
      }
      data.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "episode index", "success rate", data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xe6, 0xe6, 0xe6));
    plot.setRangeGridlinePaint(new Color(0xe6, 0xe6, 0xe6));
    NumberAxis rate = (NumberAxis) plot.getRangeAxis();
    rate.setRange(0, 1.04); // a rate of 1.00 stays visible above the frame
    rate.setTickUnit(new NumberTickUnit(0.25));
    NumberAxis episode = (NumberAxis) plot.getDomainAxis();
    episode.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    episode.setRange(0.8, Math.max(1, episodes) + 0.2);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
    for (int m = 0; m < summaries.size(); m++) {
      lines.setSeriesPaint(m, COLORS[m % COLORS.length]);
      lines.setSeriesStroke(m, new BasicStroke(2.5f));
    }
    plot.setRenderer(lines);
    return new LearningCurveChart(chart);
  }

  /** Writes the chart as a {@value #WIDTH}×{@value #HEIGHT} PNG. */
  public void writePng(Path file) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  /** The chart as an inline {@code <svg>} element that scales to its container (a view box, no fixed size). */
  public String svgElement() {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement("learning-curves", false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
  }
}

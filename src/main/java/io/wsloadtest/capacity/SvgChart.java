package io.wsloadtest.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: numeric x and y axes from 0, one polyline per series, dashed horizontal limits and
 * vertical markers. Points may be "off the chart" (a percentile that falls on failed responses): drawn at the top,
 * as a red cross.
 */
final class SvgChart {

  record Point(double x, double y, boolean failed) {}

  record Series(String name, String color, List<Point> points) {}

  record Line(String label, String color, double value) {}

  private static final int W = 720;
  private static final int H = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 150;
  private static final int TOP = 20;
  private static final int BOTTOM = 45;

  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Line> limits = new ArrayList<>();
  private final List<Line> markers = new ArrayList<>();

  SvgChart(String xLabel, String yLabel) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  SvgChart series(Series s) {
    series.add(s);
    return this;
  }

  /** A dashed horizontal line at y = value (an SLO's limit). */
  SvgChart limit(Line l) {
    limits.add(l);
    return this;
  }

  /** A vertical line at x = value (the last good level, the first bad one). */
  SvgChart marker(Line l) {
    markers.add(l);
    return this;
  }

  String render() {
    double xMax = nice(Math.max(1, max(series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).max().orElse(1),
        markers.stream().mapToDouble(Line::value).max().orElse(0))));
    double yData = series.stream().flatMap(s -> s.points().stream()).filter(p -> !p.failed()).mapToDouble(Point::y)
        .max().orElse(1);
    double yMax = nice(Math.max(1, max(yData, limits.stream().mapToDouble(Line::value).max().orElse(0)) * 1.1));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\""
        + " stroke=\"#999\"/>%n", LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
    for (int i = 0; i <= 5; i++) {
      double yv = yMax * i / 5;
      double xv = xMax * i / 5;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, W - RIGHT, y(yv, yMax), y(yv, yMax),
          LEFT - 5, y(yv, yMax) + 4, label(yv)));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x(xv, xMax), H - BOTTOM + 15, label(xv)));
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        LEFT + (W - LEFT - RIGHT) / 2, H - 8, esc(xLabel)));
    sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
        TOP + (H - TOP - BOTTOM) / 2, TOP + (H - TOP - BOTTOM) / 2, esc(yLabel)));
    for (Line m : markers) {
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
          + " stroke-width=\"2\" opacity=\"0.6\"/><text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"middle\">%s</text>%n",
          x(m.value(), xMax), x(m.value(), xMax), TOP, H - BOTTOM, m.color(), x(m.value(), xMax), TOP + 12,
          m.color(), esc(m.label())));
    }
    for (Line l : limits) {
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
          + " stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>%n", LEFT, W - RIGHT,
          y(l.value(), yMax), y(l.value(), yMax), l.color(), W - RIGHT + 5, y(l.value(), yMax) + 4, l.color(), esc(l.label())));
    }
    int legend = 0;
    for (Series s : series) {
      List<Point> pts = s.points().stream().sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
      StringBuilder path = new StringBuilder();
      for (Point p : pts) {
        path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.x(), xMax), p.failed() ? TOP : y(p.y(), yMax)));
      }
      sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
          s.color(), path.toString().trim()));
      for (Point p : pts) {
        if (p.failed()) {
          double px = x(p.x(), xMax);
          sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d l8 8 m0 -8 l-8 8\" stroke=\"#c00\" stroke-width=\"2\""
              + " transform=\"translate(-4 -4)\"><title>%s at %s: KO</title></path>%n", px, TOP, esc(s.name()), label(p.x())));
        } else {
          sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s at %s: %s</title>"
              + "</circle>%n", x(p.x(), xMax), y(p.y(), yMax), s.color(), esc(s.name()), label(p.x()), label(p.y())));
        }
      }
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 5, W - RIGHT + 25, TOP + 30 + 16 * legend,
          TOP + 30 + 16 * legend, s.color(), W - RIGHT + 30, TOP + 34 + 16 * legend, esc(s.name())));
      legend++;
    }
    return sb.append("</svg>\n").toString();
  }

  private static double max(double a, double b) {
    return Math.max(a, b);
  }

  private double x(double v, double xMax) {
    return LEFT + v / xMax * (W - LEFT - RIGHT);
  }

  private double y(double v, double yMax) {
    return H - BOTTOM - v / yMax * (H - TOP - BOTTOM);
  }

  /** 1, 2 or 5 times a power of ten, at or above v. */
  static double nice(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String label(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

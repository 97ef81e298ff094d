/**
 * Apache ECharts, only the parts the figures draw (bar charts on a canvas):
 * imported by `Figures` when the figures are first shown, so the first screen does not
 * carry it. No tooltips: ECharts draws them as HTML with inline styles, which the
 * console's Content-Security-Policy refuses; values are printed on the charts and in
 * the tables beside them instead.
 */
import { BarChart } from "echarts/charts"
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components"
import * as echarts from "echarts/core"
import { CanvasRenderer } from "echarts/renderers"

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, CanvasRenderer])

export { echarts }

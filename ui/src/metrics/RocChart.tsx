import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RocPoint } from './classification-metrics';
import { thinPoints } from './roc-points';

/** One curve of a ROC chart. */
export interface RocSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly RocPoint[];
}

interface Datum extends RocPoint {
  readonly series: string;
}

/** ROC curves (FPR on x, TPR on y), one colour each, a point's threshold in its tooltip. Loads recharts. */
export function RocChart({
  series,
  width = 520,
  height = 380,
}: {
  readonly series: readonly RocSeries[];
  readonly width?: number;
  readonly height?: number;
}) {
  return (
    <figure className="roc-chart" aria-label="ROC curve">
      <ScatterChart width={width} height={height} margin={{ top: 8, right: 16, bottom: 28, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="fpr"
          name="False positive rate"
          domain={[0, 1]}
          label={{ value: 'False positive rate', position: 'insideBottom', offset: -16 }}
        />
        <YAxis
          type="number"
          dataKey="tpr"
          name="True positive rate"
          domain={[0, 1]}
          label={{ value: 'True positive rate', angle: -90, position: 'insideLeft' }}
        />
        <Tooltip
          cursor={{ strokeDasharray: '3 3' }}
          content={({ active, payload }) => {
            const datum = (payload?.[0] as { payload?: Datum } | undefined)?.payload;
            if (!active || datum === undefined) return null;
            return (
              <div className="chart-tooltip" role="tooltip">
                {series.length > 1 && <div>{datum.series}</div>}
                <div>Threshold: {Number(datum.threshold.toFixed(4))}</div>
                <div>FPR: {Number(datum.fpr.toFixed(4))}</div>
                <div>TPR: {Number(datum.tpr.toFixed(4))}</div>
              </div>
            );
          }}
        />
        {series.length > 1 && <Legend verticalAlign="top" itemSorter={null} />}
        {series.map((one) => (
          <Scatter
            key={one.name}
            name={one.name}
            data={thinPoints(one.points).map((point): Datum => ({ ...point, series: one.name }))}
            fill={one.color}
            line={{ stroke: one.color, strokeWidth: 2 }}
            lineType="joint"
            isAnimationActive={false}
          />
        ))}
      </ScatterChart>
    </figure>
  );
}

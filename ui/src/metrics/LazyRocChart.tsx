import { Suspense } from 'react';
import { retryingLazy } from '../app/retrying-lazy';
import { Loading } from '../design/Loading';
import type { RocSeries } from './RocChart';

const Chart = retryingLazy(() => import('./RocChart').then((m) => ({ default: m.RocChart })));

/** The ROC chart, with recharts loaded only when a curve is drawn. */
export function LazyRocChart({ series }: { readonly series: readonly RocSeries[] }) {
  return (
    <Suspense fallback={<Loading what="Loading the chart" />}>
      <Chart series={series} />
    </Suspense>
  );
}

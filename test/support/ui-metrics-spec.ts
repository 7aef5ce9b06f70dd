import { from, kfpPython, pipeline, task } from './ir-builder.js';

/**
 * One KFP Python component writing every metrics kind from `lr`: scalars (accuracy depends on
 * lr, epochs does not), a ROC curve of 5 points and a 2×2 confusion matrix, two slices, and a
 * malformed ClassificationMetrics (a recall that is a string, a row too short).
 */
export const metricsSpec = pipeline(
  'metrics-kinds',
  {
    evaluate: {
      inputs: { lr: 'NUMBER_DOUBLE' },
      outputArtifacts: {
        metrics: 'system.Metrics',
        roc: 'system.ClassificationMetrics',
        sliced: 'system.SlicedClassificationMetrics',
        broken: 'system.ClassificationMetrics',
      },
      ...kfpPython(
        'evaluate',
        [
          'def evaluate(lr: float, metrics: Output[Metrics], roc: Output[ClassificationMetrics],',
          '             sliced: Output[SlicedClassificationMetrics], broken: Output[ClassificationMetrics]):',
          "    metrics.log_metric('accuracy', round(0.5 + lr, 3))",
          "    metrics.log_metric('epochs', 10)",
          '    roc.log_roc_curve(fpr=[0.0, 0.1, 0.3, 0.6, 1.0], tpr=[0.0, 0.5, 0.8, 0.95, 1.0],',
          '                      threshold=[1.0, 0.85, 0.5, 0.25, 0.0])',
          "    roc.log_confusion_matrix(['cat', 'dog'], [[int(lr * 100), 3], [2, 40]])",
          "    sliced.load_roc_readings('overall', [[0.9, 0.4, 0.1], [0.5, 0.8, 0.3]])",
          "    sliced.load_confusion_matrix('overall', ['a', 'b'], [[1, 2], [3, 4]])",
          "    sliced.load_confusion_matrix('young', ['a', 'b'], [[5, 6], [7, 8]])",
          "    broken.metadata['confidenceMetrics'] = [",
          "        {'confidenceThreshold': 0.5, 'recall': 'high', 'falsePositiveRate': 0.2},",
          "        {'confidenceThreshold': 0.4, 'recall': 0.7, 'falsePositiveRate': 0.3}]",
          "    broken.metadata['confusionMatrix'] = {",
          "        'annotationSpecs': [{'displayName': 'x'}, {'displayName': 'y'}],",
          "        'rows': [{'row': [1, 2]}, {'row': [3]}]}",
          '',
        ].join('\n'),
      ),
    },
  },
  {
    inputs: { lr: 'NUMBER_DOUBLE' },
    tasks: { evaluate: task('evaluate', { inputs: { parameters: { lr: from.input('lr') } } }) },
  },
);

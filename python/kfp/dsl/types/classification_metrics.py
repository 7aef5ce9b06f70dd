"""Classification metrics artifacts: ROC curves and confusion matrices in metadata.

The metadata layout is the one KFP writes and its UI reads:
``confidenceMetrics`` (list of ``{confidenceThreshold, recall, falsePositiveRate}``)
and ``confusionMatrix`` (``{annotationSpecs: [{displayName}], rows: [{row: [...]}]}``).
"""

from typing import Dict, List

from kfp.dsl.types.artifact_types import Artifact


class ClassificationMetrics(Artifact):
    """ROC curve points and a confusion matrix for a classifier."""

    schema_title = 'system.ClassificationMetrics'

    def log_roc_data_point(self, fpr: float, tpr: float, threshold: float) -> None:
        """Appends one ROC point (false/true positive rates at a threshold)."""
        point = {'confidenceThreshold': threshold, 'recall': tpr, 'falsePositiveRate': fpr}
        self.metadata.setdefault('confidenceMetrics', []).append(point)

    def log_roc_curve(self, fpr: List[float], tpr: List[float], threshold: List[float]) -> None:
        """Appends a whole ROC curve; the three lists must have equal lengths."""
        if not len(fpr) == len(tpr) == len(threshold):
            raise ValueError(
                'Length of fpr, tpr and threshold must be the same. Got lengths '
                '{}, {} and {} respectively.'.format(len(fpr), len(tpr), len(threshold))
            )
        for i in range(len(fpr)):
            self.log_roc_data_point(fpr=fpr[i], tpr=tpr[i], threshold=threshold[i])

    def log_roc_reading(self, threshold: float, tpr: float, fpr: float) -> None:
        """Appends one ROC point, arguments in KFP v1 order (threshold, tpr, fpr)."""
        self.log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)

    def load_roc_readings(self, readings: List[List[float]]) -> None:
        """Appends ROC points given as ``[threshold, tpr, fpr]`` rows."""
        for threshold, tpr, fpr in readings:
            self.log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)

    def set_confusion_matrix_categories(self, categories: List[str]) -> None:
        """Starts an all-zero confusion matrix over ``categories``."""
        self._categories = list(categories)
        self._matrix = [{'row': [0] * len(categories)} for _ in categories]
        self._confusion_matrix = {
            'annotationSpecs': [{'displayName': c} for c in categories],
            'rows': self._matrix,
        }
        self.metadata['confusionMatrix'] = self._confusion_matrix

    def log_confusion_matrix_row(self, row_category: str, row: List[float]) -> None:
        """Replaces the row of ``row_category``; its length must match the categories."""
        self._check_category(row_category)
        if len(row) != len(self._categories):
            raise ValueError(
                'Invalid row. Expected size: {} got: {}'.format(len(self._categories), len(row))
            )
        self._matrix[self._categories.index(row_category)] = {'row': row}
        self.metadata['confusionMatrix'] = self._confusion_matrix

    def log_confusion_matrix_cell(self, row_category: str, col_category: str, value: int) -> None:
        """Sets one cell of the confusion matrix."""
        self._check_category(row_category)
        self._check_category(col_category)
        row = self._matrix[self._categories.index(row_category)]['row']
        row[self._categories.index(col_category)] = value
        self.metadata['confusionMatrix'] = self._confusion_matrix

    def log_confusion_matrix(self, categories: List[str], matrix: List[List[int]]) -> None:
        """Records a complete square confusion matrix over ``categories``."""
        self.set_confusion_matrix_categories(categories)
        if len(matrix) != len(categories) or any(len(r) != len(categories) for r in matrix):
            raise ValueError(
                'Invalid matrix: {} passed for categories: {}'.format(matrix, categories)
            )
        for category, row in zip(categories, matrix):
            self.log_confusion_matrix_row(category, row)

    def load_confusion_matrix(self, categories: List[str], matrix: List[List[int]]) -> None:
        """Alias of ``log_confusion_matrix`` (KFP v1 name)."""
        self.log_confusion_matrix(categories, matrix)

    def _check_category(self, category: str) -> None:
        categories = getattr(self, '_categories', None)
        if categories is None:
            raise ValueError('Call set_confusion_matrix_categories before logging matrix values.')
        if category not in categories:
            raise ValueError(
                'Invalid category: {} passed. Expected one of: {}'.format(category, categories)
            )


class SlicedClassificationMetrics(Artifact):
    """Classification metrics per named slice, kept under ``evaluationSlices``."""

    schema_title = 'system.SlicedClassificationMetrics'

    def _slice(self, name: str) -> ClassificationMetrics:
        slices = self.__dict__.setdefault('_sliced_metrics', {})  # type: Dict[str, ClassificationMetrics]
        if name not in slices:
            slices[name] = ClassificationMetrics()
        return slices[name]

    def _update_metadata(self) -> None:
        self.metadata = {
            'evaluationSlices': [
                {'slice': name, 'sliceClassificationMetrics': metrics.metadata}
                for name, metrics in self._sliced_metrics.items()
            ]
        }

    def log_roc_reading(self, slice: str, threshold: float, tpr: float, fpr: float) -> None:
        """Appends one ROC point to ``slice``."""
        self._slice(slice).log_roc_reading(threshold, tpr, fpr)
        self._update_metadata()

    def load_roc_readings(self, slice: str, readings: List[List[float]]) -> None:
        """Appends ``[threshold, tpr, fpr]`` rows to ``slice``."""
        self._slice(slice).load_roc_readings(readings)
        self._update_metadata()

    def set_confusion_matrix_categories(self, slice: str, categories: List[str]) -> None:
        """Starts an all-zero confusion matrix for ``slice``."""
        self._slice(slice).set_confusion_matrix_categories(categories)
        self._update_metadata()

    def log_confusion_matrix_row(self, slice: str, row_category: str, row: List[int]) -> None:
        """Replaces one confusion-matrix row of ``slice``."""
        self._slice(slice).log_confusion_matrix_row(row_category, row)
        self._update_metadata()

    def log_confusion_matrix_cell(
        self, slice: str, row_category: str, col_category: str, value: int
    ) -> None:
        """Sets one confusion-matrix cell of ``slice``."""
        self._slice(slice).log_confusion_matrix_cell(row_category, col_category, value)
        self._update_metadata()

    def load_confusion_matrix(self, slice: str, categories: List[str], matrix: List[List[int]]) -> None:
        """Records a complete confusion matrix for ``slice``."""
        self._slice(slice).log_confusion_matrix(categories, matrix)
        self._update_metadata()

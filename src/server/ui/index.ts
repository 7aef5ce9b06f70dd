export { builtUiDir, isUiAssetPath, UI_DIR } from './ui-paths.js';
export { uiRoutes } from './ui-routes.js';

/** The CDN bundle: one <script type="module"> registers the element. */
export * from './define.js';

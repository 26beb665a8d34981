// Initialise every GOV.UK Frontend component on the page.
// Loaded with <script type="module">, so it runs only in browsers that
// support ES modules (the ones govuk-frontend marks as supported).
import { initAll } from './govuk-frontend.min.js'

initAll()

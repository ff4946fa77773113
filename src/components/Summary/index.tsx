/** Mounted by components/InsightsSlot.tsx. */
import { Summary } from './Summary.tsx';

export default Summary;

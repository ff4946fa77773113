/** Mounted by components/InsightsSlot.tsx. */
import { Waterfall } from './Waterfall.tsx';

export default Waterfall;

/**
 * The node as n8n delivers it to the editor and the engine: n8n-core's `DirectoryLoader` rewrites every declarative
 * node on load (`applyDeclarativeNodeOptionParameters`: n8n's own Request Options setting is added, and a property
 * named `requestOptions` would be replaced by it). Tests and the benchmark run this node, not the bare class.
 */
import { DirectoryLoader } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';

import { CareerProFla } from '../../nodes/CareerProFla/CareerProFla.node';

/** Applies the loader's rewrite to a node type, in place, and returns it. */
export function asLoaded<T extends INodeType>(nodeType: T): T {
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}

/** A fresh CareerPro FLA node type, as n8n's loader delivers it. */
export const loadedNode = () => asLoaded(new CareerProFla());

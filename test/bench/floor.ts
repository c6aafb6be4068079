/**
 * n8n's floor: a copy of the node whose every operation hands its item back at once. n8n's RoutingNode still
 * evaluates the node's parameters for every item exactly as for the real node, but none of the node's own code runs
 * and nothing is read or sent. A run of it measures what n8n itself does per item.
 */
import type { IExecutePaginationFunctions, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';

const handBack = {
	send: { paginate: true },
	operations: {
		pagination: async function (this: IExecutePaginationFunctions): Promise<INodeExecutionData[]> {
			return [{ json: {}, pairedItem: { item: this.getItemIndex() } }];
		},
	},
};

/** The floor of a (loaded) node type: the same description, each Operation option routed to `handBack`. */
export function floorOf(node: INodeType): INodeType {
	const properties = node.description.properties.map(
		(property): INodeProperties =>
			property.name === 'operation'
				? { ...property, options: (property.options ?? []).map((option) => ({ ...option, routing: handBack })) as INodeProperties['options'] }
				: property,
	);
	return { ...node, description: { ...node.description, properties } };
}

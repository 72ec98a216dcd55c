{{ config(materialized='view') }}
select customer, total from {{ ref('customer_totals') }} where total > 10

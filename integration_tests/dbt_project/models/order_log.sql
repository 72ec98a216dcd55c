{{ config(materialized='incremental', incremental_strategy='append') }}
select order_id, customer, amount, order_day
from {{ ref('orders') }}
{% if is_incremental() %}
where order_day = date '{{ var("load_day") }}'
{% endif %}
